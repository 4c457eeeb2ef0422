import type { AppDeps } from "../deps.js";
import type { Principal } from "./principal.js";

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    principal: Principal;
  };
};
