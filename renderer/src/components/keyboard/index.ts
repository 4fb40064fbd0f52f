export { KeyboardField } from './KeyboardField';
export { type FieldKind } from './editing';
