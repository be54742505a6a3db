import { isRouteErrorResponse, Link, useRouteError } from "react-router";

import { paths } from "@/config/paths";
import { ReloadButton } from "@/components/ui/reload-button";

export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="state state-error" role="alert">
      <h1>{notFound ? "Page not found" : "This page could not be loaded"}</h1>
      <p>
        {notFound
          ? "There is nothing at this address."
          : "Perhaps the shop was just updated, or the connection dropped. Reloading usually helps."}
      </p>
      <div className="form-actions">
        <ReloadButton />
        <Link to={paths.home} className="button button-secondary">
          Go to the catalog
        </Link>
      </div>
    </div>
  );
}
