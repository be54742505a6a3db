import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from "react";
import { Navigate, useLocation, useNavigate } from "react-router";

import {
  api,
  ApiError,
  onSessionEnded,
  refreshSession,
  type Schemas,
  setAccessToken,
  unwrap,
  unwrapEmpty,
} from "@/lib/api-client";
import { clearQueryCache } from "@/lib/use-query";
import { paths } from "@/config/paths";

export type User = Schemas["UserRead"];
export type Role = User["role"];

// Only a hint that a refresh cookie may exist, so a visitor who never logged in is not sent
// to /auth/refresh (and a 401) on every page load. The tokens are never stored here.
const SIGNED_IN_HINT = "webshop.signed-in";

export interface AuthContextType {
  user: User | null;
  /** True until the session from an earlier visit has been restored (or not). */
  isRestoring: boolean;
  isAuthenticated: boolean;
  login: (login: string, password: string) => Promise<void>;
  register: (data: Schemas["UserCreate"]) => Promise<void>;
  logout: () => Promise<void>;
  /** After the user changed their profile or password (which issues new tokens). */
  updateUser: (user: User) => void;
  acceptTokens: (tokens: Schemas["TokenPair"]) => void;
}

const AuthContext = createContext<AuthContextType | null>(null);

function readHint(): boolean {
  try {
    return localStorage.getItem(SIGNED_IN_HINT) === "1";
  } catch {
    return false;
  }
}

function writeHint(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_HINT, "1");
    else localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    // Private mode without storage: the session simply is not restored on the next visit.
  }
}

/** Whether a failed request got an answer from the shop (not a network failure or an abort). */
function answered(error: unknown): boolean {
  return error instanceof ApiError && error.status > 0;
}

function fetchMe(): Promise<User> {
  return unwrap(api.GET("/users/me"));
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [isRestoring, setIsRestoring] = useState(readHint);

  const end = useCallback(() => {
    setAccessToken(null);
    writeHint(false);
    clearQueryCache();
    setUser(null);
  }, []);

  useEffect(() => onSessionEnded(end), [end]);

  useEffect(() => {
    if (!readHint()) return;
    const restore = new AbortController();
    void (async () => {
      const outcome = await refreshSession();
      // An account the shop no longer shows ends the session; no answer at all (the page is
      // being left, or the network is down) leaves the hint for the next page load.
      const me =
        outcome === "refreshed"
          ? await fetchMe().catch((error: unknown) => (answered(error) ? null : undefined))
          : undefined;
      if (restore.signal.aborted) return;
      if (me) setUser(me);
      else if (outcome === "ended" || me === null) end();
      setIsRestoring(false);
    })();
    return () => {
      restore.abort();
    };
  }, [end]);

  const acceptTokens = useCallback((tokens: Schemas["TokenPair"]) => {
    setAccessToken(tokens.access_token);
    writeHint(true);
  }, []);

  const login = useCallback(
    async (identifier: string, password: string) => {
      const tokens = await unwrap(
        api.POST("/auth/login", {
          body: { username: identifier, password },
          bodySerializer: (body) => new URLSearchParams(body as Record<string, string>),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        }),
      );
      acceptTokens(tokens);
      clearQueryCache();
      setUser(await fetchMe());
    },
    [acceptTokens],
  );

  const register = useCallback(
    async (data: Schemas["UserCreate"]) => {
      await unwrap(api.POST("/auth/register", { body: data }));
      await login(data.email, data.password);
    },
    [login],
  );

  const logout = useCallback(async () => {
    try {
      await unwrapEmpty(api.POST("/auth/logout"));
    } finally {
      end();
    }
  }, [end]);

  const value = useMemo<AuthContextType>(
    () => ({
      user,
      isRestoring,
      isAuthenticated: user !== null,
      login,
      register,
      logout,
      updateUser: setUser,
      acceptTokens,
    }),
    [user, isRestoring, login, register, logout, acceptTokens],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextType {
  const context = useContext(AuthContext);
  if (!context) throw new Error("useAuth needs an AuthProvider");
  return context;
}

/** Logging out from a menu: its button waits meanwhile, and the visitor lands on the catalog. */
export function useLogOut(): { logOut: () => void; loggingOut: boolean } {
  const { logout } = useAuth();
  const navigate = useNavigate();
  const [loggingOut, setLoggingOut] = useState(false);
  const logOut = () => {
    setLoggingOut(true);
    void (async () => {
      try {
        await logout();
      } catch {
        // The local session is over either way.
      } finally {
        setLoggingOut(false);
      }
      await navigate(paths.home);
    })();
  };
  return { logOut, loggingOut };
}

/** Shows `children` to a logged-in user (of `role`, if given); others go to the login page. */
export function RequireAuth({
  children,
  role,
  fallback,
  forbidden,
}: {
  children: ReactNode;
  role?: Role;
  fallback: ReactNode;
  forbidden?: ReactNode;
}) {
  const { user, isRestoring } = useAuth();
  const location = useLocation();
  if (isRestoring) return fallback;
  if (!user) {
    return <Navigate to={paths.login(location.pathname + location.search)} replace />;
  }
  if (role && user.role !== role) return forbidden ?? null;
  return children;
}
