import json from './belpic.json';
import { parseCardProfile, type CardProfile } from './schema';

/**
 * The Belgian eID (BELPIC) as public proof on a real-world card (belpic.json): files read by path
 * from the MF without a PIN, READ BINARY in 0xF4 blocks as eid-mw's tokend does. The ATR list is a
 * hint only; a card whose ATR is unknown is still tried by selecting DF01/4031.
 * Source: /work/shared/reference/belpic.md.
 */
export const BELPIC_ATR = '3B 98 13 40 0A A5 03 01 01 01 AD 13 11';

export const belpicProfile: CardProfile = parseCardProfile(json);
