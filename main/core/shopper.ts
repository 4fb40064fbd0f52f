import type { BeneficiaryView, KioskState, ServiceCategory, ShopperStep } from '../contract';
import type { CardIdentity } from './ports';
import type { ServiceRequest } from './request';
import type { ServiceDefinition } from './services/schema';

/** A service the shopper chose; going back to the list of services drops it whole. */
export interface ChosenService {
  service: ServiceDefinition;
  /** The people offered on the for-whom step, when it was shown, so "back" offers them again. */
  offered?: BeneficiaryView[];
  /** Once it is known for whom: what they typed or picked, and so what it costs. */
  request?: ServiceRequest;
  /** Chosen from "my requests" to pay one request's fee: that person, that fee. */
  focus?: { personId: string; ministryRef: string };
  /** Opened from a visa's answer (its extension): back from the form returns to that answer. */
  fromVisa?: { inquiry: ChosenService; answer: ShopperStepOf<'visa'> };
}

/**
 * Everything main holds about the shopper at the kiosk, from card insert to the end of the
 * session: the identity from the card, the request being built, the submission it became, and
 * the step on screen. The session forgets a shopper by dropping this one object; nothing
 * personal lives anywhere else, so there is no list of fields to wipe (and none to forget).
 */
export class Shopper {
  identity: CardIdentity | undefined;
  /** The card's data and chip passed authentication; set with the identity. */
  verified = false;
  /** The menu category open, so coming back from a service returns to it. */
  menuCategory: ServiceCategory | undefined;
  /** The service being asked for, from choosing it until back on the list of services. */
  chosen: ChosenService | undefined;
  /** The outbox entry this session recorded, so its delivery can update the screen. */
  submissionId: string | undefined;
  /** The receipt's print job, so a failed receipt can be printed again. */
  lastJobId: number | undefined;

  constructor(
    /** Names the session in the payment journal. */
    readonly sessionId: string,
    public step: ShopperStep,
  ) {}

  get request(): ServiceRequest | undefined {
    return this.chosen?.request;
  }
}

export type ShopperScreen = ShopperStep['screen'];
export type ShopperStepOf<S extends ShopperScreen> = Extract<ShopperStep, { screen: S }>;

/** What a step change may say besides the step: main is waiting, or why the screen changed. */
export type StepNote = Partial<Pick<KioskState, 'busy' | 'notice'>>;

/** How the flow and the checkout move a shopper between steps; the session owns the state. */
export interface StepHooks {
  /** False once the shopper's session has ended: a late answer for them changes nothing. */
  isCurrent(shopper: Shopper): boolean;
  /** Moves the shopper to a step; a notice belongs to the move that caused it. */
  show(shopper: Shopper, step: ShopperStep, note?: StepNote): void;
  /** Changes what the step on screen shows without leaving it; ignored once it has been left. */
  revise(shopper: Shopper, step: ShopperStep, note?: StepNote): void;
  update(note: StepNote): void;
  /**
   * A free inquiry ended with nothing to show but this notice, on the screen it was asked from.
   * On the menu the notice is how it ended, and the menu says so (`inquiryOutcome`).
   */
  inquiryEnded(shopper: Shopper, notice: NonNullable<StepNote['notice']>): void;
}
