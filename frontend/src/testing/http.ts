import { createOpenApiHttp } from "openapi-msw";

import type { paths } from "@/lib/api/schema";

/** MSW's `http`, typed by the API schema: paths, params, bodies and answers are checked. */
export const http = createOpenApiHttp<paths>({ baseUrl: "http://localhost:3000" });
