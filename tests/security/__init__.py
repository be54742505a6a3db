"""Attack tests: the OWASP API Security Top 10 (2023), one module per item that applies, each
run through the real app on the real database (SQLite, or PostgreSQL with TEST_POSTGRES_URL).

- API1 Broken object-level authorisation: `test_api1_object_authorization`
- API2 Broken authentication: `test_api2_authentication`, `test_api2_enumeration`
- API3 Broken object property level authorisation: `test_api3_property_authorization`
- API4 Unrestricted resource consumption: `test_api4_resource_consumption`
- API5 Broken function-level authorisation: `test_api5_function_authorization`
- API6 Unrestricted access to sensitive business flows: `test_api6_business_flows`
- API7 Server-side request forgery: `test_api7_ssrf` (no operation takes a URL to fetch)
- API8 Security misconfiguration: `test_api8_misconfiguration`
- API9 Improper inventory management: `test_api9_inventory`
- API10 Unsafe consumption of APIs: `test_api10_consumption` (the events the app consumes)
- Every operation, generated inputs (schemathesis), as an administrator and as a customer:
  `test_schemathesis`
"""
