import { api, type Schemas, unwrap } from "@/lib/api-client";
import { useQuery } from "@/lib/use-query";

export function updateProfile(changes: Schemas["ProfileUpdate"]): Promise<Schemas["UserRead"]> {
  return unwrap(api.PATCH("/users/me", { body: changes }));
}

export function changePassword(data: Schemas["PasswordChange"]): Promise<Schemas["TokenPair"]> {
  return unwrap(api.POST("/users/me/password", { body: data }));
}

export function useOrderSummary() {
  return useQuery("orders:summary", (signal) => unwrap(api.GET("/orders/summary", { signal })));
}
