import json from './ministry.json';
import { parseCardProfile, type CardProfile } from './schema';

/**
 * The ministry's own ID card. Its real chip layout is not public, so this one is designed here
 * (ministry.json) and implemented by the simulator. It is built to be read in two APDUs:
 *
 * - ATR 3B 9A 96 ... "MOI-QA" in the historical bytes; a T=1 and a T=0 variant.
 * - Application AID D6 34 00 00 01 49 44 01: a national-registration RID (category D, ISO 3166
 *   numeric 634 = Qatar) + PIX "ID" version 1. Invented for this project. Selecting it is also
 *   how the card is recognised.
 * - One transparent EF 0101 (SFI 1) holding identity and address in the same simple TLV as the
 *   Belgian eID (tag 00 = file version first, 00 padding), text UTF-8, dates YYYYMMDD, read with
 *   READ BINARY by SFI (no SELECT of the EF) and Le=00: the whole file fits in one answer.
 * - A PIN only when the card asks for it (6982 on the read), so PIN-less cards cost nothing extra.
 */
export const MINISTRY_AID = 'D6 34 00 00 01 49 44 01';
export const MINISTRY_ATR = '3B 9A 96 40 0A 80 31 80 66 4D 4F 49 2D 51 41';
export const MINISTRY_ATR_T1 = '3B 9A 96 81 31 FE 45 80 31 80 66 4D 4F 49 2D 51 41 26';

export const ministryProfile: CardProfile = parseCardProfile(json);
