import { Component, type ErrorInfo, type ReactNode } from "react";

import { AuthProvider } from "@/lib/auth";
import { CartProvider } from "@/lib/cart";
import { ShopProvider } from "@/lib/shop";
import { ReloadButton } from "@/components/ui/reload-button";

/** The last line of defence: a crash shows a way out instead of a blank page. */
class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error("The shop crashed", error, info.componentStack);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="container state state-error" role="alert">
        <h1>Something went wrong</h1>
        <p>The page could not be shown. Reloading usually helps.</p>
        <ReloadButton />
      </main>
    );
  }
}

export function AppProvider({ children }: { children: ReactNode }) {
  return (
    <ErrorBoundary>
      <ShopProvider>
        <AuthProvider>
          <CartProvider>{children}</CartProvider>
        </AuthProvider>
      </ShopProvider>
    </ErrorBoundary>
  );
}
