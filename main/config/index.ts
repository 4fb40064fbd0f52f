export { ConfigError } from './errors';
export { DATABASE_FILE, DEFAULT_KIOSK_ID, KioskSettings } from './settings';
export { ENVIRONMENT } from './sources';
export { loadSettings, resolveSettings, settingsLayers, type LoadSettingsOptions } from './load';
export { activeConfig, loadCatalog } from './catalog';
export { gatewayTls, printerLink } from './devices';
