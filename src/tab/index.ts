// The dashboard tab: its page, its API (openapi/tab-api.yaml) and Teams SSO verification.
export { createTabChannel, type TabChannelOptions } from "./plugin";
export { TeamsSsoVerifier, type SsoOptions, type SsoPerson } from "./sso";
