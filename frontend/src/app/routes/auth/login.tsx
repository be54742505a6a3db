import { Navigate, useSearchParams } from "react-router";

import { Loading } from "@/components/ui/status";
import { safeNext } from "@/config/paths";
import { useAuth } from "@/lib/auth";

import { LoginForm } from "@/features/auth/components/login-form";

export function Component() {
  const { user, isRestoring } = useAuth();
  const [params] = useSearchParams();
  if (isRestoring) return <Loading label="Restoring your session…" />;
  if (user) return <Navigate to={safeNext(params.get("next"))} replace />;
  return <LoginForm />;
}
