// Stand-in for the `server-only` guard where code runs outside Next on the server side of
// it: tests, scripts (tsx) and the bundled production server.
export {};
