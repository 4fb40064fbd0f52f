export { A11yProvider } from './A11yProvider';
export { A11yToolbar } from './A11yToolbar';
