import { Link } from "react-router";

import { paths } from "@/config/paths";
import { useTitle } from "@/lib/title";

export function NotFound() {
  useTitle("Page not found");
  return (
    <div className="state state-empty not-found">
      <h1>Page not found</h1>
      <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <Link to={paths.home} className="button button-primary">
        Go to the catalog
      </Link>
    </div>
  );
}

export { NotFound as Component };
