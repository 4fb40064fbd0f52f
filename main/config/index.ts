export { ConfigError } from './errors';
export { DATABASE_FILE, DEFAULT_KIOSK_ID, defaultDataDir, KioskSettings, type SettingsInput } from './settings';
export { ENVIRONMENT, type ConfigLayer, type SettingKey } from './sources';
export { loadSettings, resolveSettings, settingsLayers, type LoadSettingsOptions, type SignedConfiguration } from './load';
export { activeConfig, loadCatalog } from './catalog';
export { printerLink } from './devices';
