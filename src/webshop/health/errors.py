from webshop.core.errors import Forbidden, Unauthorized


class MetricsTokenRequired(Unauthorized):
    code = "metrics_token_required"
    default_detail = "Send the METRICS_TOKEN as a Bearer token"


class MetricsNotServedHere(Forbidden):
    code = "metrics_forbidden"
    default_detail = (
        "Metrics are served to this machine only (not through a proxy); "
        "set METRICS_TOKEN to scrape them from elsewhere"
    )
