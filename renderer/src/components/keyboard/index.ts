export { KeyboardField, type KeyboardFieldProps } from './KeyboardField';
export { OnScreenKeyboard, type OnScreenKeyboardProps } from './OnScreenKeyboard';
export { applyKey, fieldStatus, isFieldValid, rulesFor, sanitize, QID_PATTERN, PHONE_PATTERN, type FieldKind, type FieldStatus, type KeyAction } from './editing';
export { keyRows, layoutCharacters, type KeyboardLayoutId, type KeySpec } from './layouts';
