import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_QID, demoFines, demoSponsoredPeople } from '../../gateway';
import { type E2eKiosk, hiddenByScroll, startE2eKiosk, stepOf } from './harness';

/**
 * "My requests" from every channel through the real UI, the kiosk's gateway client, its SQLite
 * outbox and the gateway simulator: the card holder's and each sponsored person's requests with
 * their stages; the registration renewal's outstanding fines paid from there through the fines
 * flow while the ministry is offline (so the screen lists only this kiosk's queued payment and
 * says so); then, the ministry back, the payment delivered once and the renewal in review.
 */
let e: E2eKiosk | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const screen = (id: string) => `[data-testid="screen-${id}"]`;

async function openRequests(e: E2eKiosk, lang: 'ar' | 'en') {
  const { page, kiosk } = e;
  await kiosk.world!.lab.insertCard();
  await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
  if (kiosk.session.snapshot.lang !== lang) await page.getByTestId('lang-toggle').click();
  await page.getByTestId('my-requests').click();
  await page.waitForSelector(screen('requests'), { timeout: 10_000 });
}

async function endSession(e: E2eKiosk) {
  await e.page.getByTestId('finish').click();
  await e.page.waitForSelector(screen('goodbye'));
  await e.kiosk.world!.lab.removeCard();
  await e.page.waitForSelector(screen('attract'), { timeout: 10_000 });
}

describe('my requests from every channel in the browser', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`shows each person's requests with their stages, pays the fee a request waits for, and works offline from the queue (${lang})`, async () => {
      e = await startE2eKiosk(`requests-${lang}`);
      const { page, kiosk } = e;
      const world = kiosk.world!;
      await page.waitForSelector(screen('attract'));
      await openRequests(e, lang);

      // Online: the ministry's list for the card holder, then each sponsored person by name.
      const online = stepOf(kiosk, 'requests');
      expect(online.ministry).toBe('answered');
      const people = demoSponsoredPeople(DEMO_QID);
      expect(online.people.map((p) => p.id)).toEqual(['self', ...people.map((p) => p.id)]);
      const renewal = online.people[0]!.requests.find((r) => r.serviceId === 'renew-vehicle-registration')!;
      const unpaid = demoFines(DEMO_QID).reduce((sum, f) => sum + f.amountCents, 0);
      expect(renewal.action).toEqual({ kind: 'pay-here', amountCents: unpaid, serviceId: 'pay-traffic-fines' });
      const card = page.getByTestId(`request-${renewal.reference}`);
      expect(await card.getByTestId('request-channel').innerText()).toBe(lang === 'ar' ? 'قُدِّم عبر موقع الوزارة الإلكتروني' : 'Made on the ministry’s website');
      expect(await card.getByTestId('request-status').innerText()).toBe(lang === 'ar' ? 'بانتظار الدفع' : 'Waiting for payment');
      expect(await card.getByTestId('request-history').locator('li').count()).toBe(2);
      // Digits as digits in both languages: times and amounts.
      expect(await card.getByTestId('request-history').innerText()).toMatch(/\d{1,2}:\d{2}/);
      expect(await card.getByTestId(`pay-${renewal.reference}`).innerText()).toContain('800.00');
      const visit = page.getByTestId('request-visit').first();
      expect(await visit.innerText()).toContain(lang === 'ar' ? 'يلزم الحضور شخصيًا إلى أحد مراكز الخدمة' : 'Go to a service centre in person');
      const rajesh = page.getByTestId(`requests-of-${people[0]!.id}`);
      expect(await rajesh.locator('h2').innerText()).toContain(lang === 'ar' ? 'راجيش كومار' : 'Rajesh Kumar');
      expect(await rajesh.getByTestId('request-status').innerText()).toBe(lang === 'ar' ? 'قيد المراجعة' : 'In review');
      expect(await page.getByTestId('requests-offline').count()).toBe(0);
      // The list scrolls (four people's requests); the way out stays in reach.
      expect((await hiddenByScroll(page, '[data-testid="back"], [data-testid="finish"]')).filter((h) => h.includes('outside the window'))).toEqual([]);
      await e.shot('every-channel');
      // The family member's ID card fee is paid here too, with the financial claims.
      const maryam = page.getByTestId(`requests-of-${people[1]!.id}`);
      const idCard = online.people[2]!.requests.find((r) => r.serviceId === 'citizen-id-card')!;
      expect(idCard.action).toEqual({ kind: 'pay-here', amountCents: 100_00, serviceId: 'pay-financial-claims' });
      expect(await maryam.getByTestId(`pay-${idCard.reference}`).innerText()).toContain('100.00');
      await maryam.scrollIntoViewIfNeeded();
      await e.shot('sponsored-people');
      await page.getByTestId(`requests-of-${people[2]!.id}`).scrollIntoViewIfNeeded();
      await e.shot('sponsored-visitor');

      // Pay now: into the fines flow, both fines (the renewal's amount), paid while the ministry is offline.
      await page.getByTestId(`pay-${renewal.reference}`).click();
      await page.waitForSelector(screen('fines'));
      expect(stepOf(kiosk, 'fines').amountCents).toBe(unpaid);
      await page.getByTestId('fines-continue').click();
      await page.waitForSelector(screen('confirm'));
      world.gateway.setDown(true);
      await page.getByTestId('confirm-pay').click();
      await page.waitForSelector('[data-testid="payment-outcome"][data-outcome="approved"]', { timeout: 20_000 });
      await page.waitForSelector('[data-testid="status-offline"]', { timeout: 10_000 });
      await endSession(e);

      // Offline: only what this kiosk holds, queued, and the screen says why.
      await openRequests(e, lang);
      const offline = stepOf(kiosk, 'requests');
      expect(offline.ministry).toBe('unavailable');
      expect(offline.people).toHaveLength(1);
      const [queued] = offline.people[0]!.requests;
      expect(offline.people[0]!.requests).toHaveLength(1);
      expect(queued).toMatchObject({ serviceId: 'pay-traffic-fines', channel: 'this-kiosk', history: [{ status: 'queued' }] });
      expect(await page.getByTestId('requests-offline').innerText()).toBe(
        lang === 'ar' ? 'يتعذَّر الاتصال بالوزارة الآن، لذا تُعرض الطلبات المقدَّمة من هذا الجهاز فقط' : 'The ministry cannot be reached now, so only the requests made at this kiosk are shown',
      );
      expect(await page.getByTestId(`request-${queued!.reference}`).getByTestId('request-status').innerText()).toBe(
        lang === 'ar' ? 'في قائمة الانتظار بهذا الجهاز، وسيُرسَل إلى الوزارة' : 'Queued at this kiosk, will be sent to the ministry',
      );
      await e.shot('offline-queued');
      await endSession(e);

      // The ministry back: the payment delivered once, listed once as made here, and the renewal in review with nothing to pay.
      world.gateway.setDown(false);
      const deadline = Date.now() + 20_000;
      while (world.gateway.submissions().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(world.gateway.submissions()).toHaveLength(1);
      await openRequests(e, lang);
      const back = stepOf(kiosk, 'requests');
      expect(back.ministry).toBe('answered');
      const own = back.people[0]!.requests;
      expect(own.filter((r) => r.serviceId === 'pay-traffic-fines')).toEqual([expect.objectContaining({ channel: 'this-kiosk', reference: world.gateway.submissions()[0]!.ministryRef, localRef: queued!.reference })]);
      const reviewed = own.find((r) => r.serviceId === 'renew-vehicle-registration')!;
      const paidCard = page.getByTestId(`request-${world.gateway.submissions()[0]!.ministryRef}`);
      expect(await paidCard.getByTestId('request-history').locator('li').first().innerText()).toContain(lang === 'ar' ? 'حُفظ في قائمة الانتظار بهذا الجهاز حتى أُرسل' : 'Kept in this kiosk’s queue until it was sent');
      expect(reviewed.history.at(-1)!.status).toBe('in-review');
      expect(reviewed.action).toBeUndefined();
      await e.shot('after-payment');
      await endSession(e);

      // A request for the employee the card holder sponsors, paid while the ministry is offline, then
      // delivered: the ministry offline again, it is still listed under the employee, not the card holder.
      const employee = people[0]!;
      await world.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      if (kiosk.session.snapshot.lang !== lang) await page.getByTestId('lang-toggle').click();
      await page.getByTestId('service-renew-residence-permit').click();
      await page.waitForSelector(screen('beneficiary'));
      await page.getByTestId(`beneficiary-${employee.id}`).click();
      await page.waitForSelector(screen('form'));
      await page.getByTestId('option-years-y1').click();
      await page.getByTestId('form-next').click();
      await page.getByTestId('option-delivery-pickup').click();
      await page.getByTestId('form-next').click();
      await page.waitForSelector(screen('confirm'));
      world.gateway.setDown(true);
      await page.getByTestId('confirm-pay').click();
      await page.waitForSelector('[data-testid="payment-outcome"][data-outcome="approved"]', { timeout: 20_000 });
      await endSession(e);
      world.gateway.setDown(false);
      const delivered = Date.now() + 20_000;
      while (world.gateway.submissions().length < 2 && Date.now() < delivered) await new Promise((r) => setTimeout(r, 100));
      const renewalRef = world.gateway.submissions().find((r) => r.serviceId === 'renew-residence-permit')!.ministryRef;
      world.gateway.setDown(true);
      await openRequests(e, lang);
      const later = stepOf(kiosk, 'requests');
      expect(later.ministry).toBe('unavailable');
      expect(later.people.map((p) => [p.id, p.requests.map((r) => r.reference)])).toEqual([
        ['self', [world.gateway.submissions().find((r) => r.serviceId === 'pay-traffic-fines')!.ministryRef]],
        [employee.id, [renewalRef]],
      ]);
      // Offline the kiosk knows the employee only by the masked number it kept.
      expect(later.people[1]).toMatchObject({ relation: 'sponsored', idNumberMasked: employee.idNumberMasked });
      const kept = page.getByTestId(`requests-of-${employee.id}`);
      expect(await kept.locator('h2').innerText()).toContain(employee.idNumberMasked);
      expect(await kept.locator('h2').innerText()).toContain(lang === 'ar' ? 'شخص أكفله' : 'Someone I sponsor');
      expect(await kept.getByTestId('request-status').innerText()).toBe(lang === 'ar' ? 'استلمته الوزارة' : 'Received by the ministry');
      await kept.scrollIntoViewIfNeeded();
      await e.shot('offline-sponsored');
      world.gateway.setDown(false);
      expect(e.violations).toEqual([]);
    });
  }
});
