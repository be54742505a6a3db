import { createBrowserRouter, RouterProvider } from "react-router";

import { AppProvider } from "@/app/provider";
import { routeObjects } from "@/app/router";

const router = createBrowserRouter(routeObjects);

export function App() {
  return (
    <AppProvider>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
