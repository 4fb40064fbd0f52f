import { readFileSync } from 'node:fs';
import { type Receipt, SAMPLE_RECEIPT_PATH } from '../../../drivers/printer';

export const sample = (): Receipt => JSON.parse(readFileSync(SAMPLE_RECEIPT_PATH, 'utf8')) as Receipt;
