/**
 * IPC channel names, kept free of imports so the sandboxed preload bundles nothing else.
 */
export const IPC_INTENT_CHANNEL = 'kiosk:intent';
export const IPC_STATE_CHANNEL = 'kiosk:state';
/** The custom scheme and host the Electron shell serves the renderer from. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://kiosk';
