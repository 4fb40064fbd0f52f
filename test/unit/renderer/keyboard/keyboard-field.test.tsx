// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lang } from '../../../../main/contract';
import { KeyboardField } from '../../../../renderer/src/components/keyboard';
import type { FieldKind } from '../../../../renderer/src/components/keyboard/editing';
import { createI18n } from '../../../../renderer/src/i18n';
import { KioskContext } from '../../../../renderer/src/kiosk-context';
import { fixtureState } from '../fixtures';

afterEach(cleanup);

/** A screen that owns the value, as the real form screens will. */
function Form({ kind, lang, maxLength, initial = '', uiLang = 'ar', email }: { kind?: FieldKind; lang?: Lang; maxLength?: number; initial?: string; uiLang?: Lang; email?: boolean }) {
  const [value, setValue] = useState(initial);
  const i18n = createI18n(uiLang);
  return (
    <KioskContext.Provider value={{ state: fixtureState('attract', uiLang), i18n, send: () => Promise.resolve({ ok: true }) }}>
      <KeyboardField label="field" value={value} onChange={setValue} kind={kind} lang={lang} maxLength={maxLength} email={email} testId="f" />
    </KioskContext.Provider>
  );
}

const input = () => screen.getByTestId('f') as HTMLInputElement;
const tap = (...testIds: string[]) => {
  for (const id of testIds) fireEvent.click(screen.getByTestId(id));
};
const keys = (...chars: string[]) => tap(...chars.map((c) => `f-kb-key-${c}`));

describe('<KeyboardField>', () => {
  it('never opens the system keyboard: read-only, inputMode none', () => {
    render(<Form />);
    expect(input().readOnly).toBe(true);
    expect(input().getAttribute('inputmode')).toBe('none');
    expect(screen.getByLabelText('field')).toBe(input());
  });

  it('types Arabic right to left, with the alef forms behind shift (one character, then back)', () => {
    render(<Form lang="ar" />);
    expect(input().dir).toBe('rtl');
    tap('f-kb-shift');
    keys('أ');
    keys('ح', 'م', 'د');
    tap('f-kb-space');
    keys('ع', 'ل', 'ي');
    expect(input().value).toBe('أحمد علي');
    expect(screen.getByTestId('f-kb').getAttribute('data-layout')).toBe('ar');
  });

  it('types English after a layout switch, capital letters with shift', () => {
    render(<Form lang="ar" />);
    tap('f-kb-switch-layout');
    expect(screen.getByTestId('f-kb').getAttribute('data-layout')).toBe('en');
    expect(input().dir).toBe('ltr');
    tap('f-kb-shift');
    keys('A', 'l', 'i');
    expect(input().value).toBe('Ali');
    tap('f-kb-switch-layout');
    keys('ب');
    expect(input().value).toBe('Aliب');
  });

  it('a text field opens on the page language when no layout is given', () => {
    render(<Form uiLang="en" />);
    expect(screen.getByTestId('f-kb').getAttribute('data-layout')).toBe('en');
  });

  it('an e-mail address is typed without shift: "@" and "." on the first layer', () => {
    render(<Form lang="en" email />);
    expect(screen.getByTestId('f-kb').getAttribute('data-layout')).toBe('email');
    keys('a', 'l', 'i', '@', 'm', 'o', 'i', '.', 'q', 'a');
    expect(input().value).toBe('ali@moi.qa');
    tap('f-kb-shift');
    keys('_');
    expect(input().value).toBe('ali@moi.qa_');
  });

  it('backspace and clear', () => {
    render(<Form lang="en" />);
    keys('a', 'b', 'c');
    tap('f-kb-backspace');
    expect(input().value).toBe('ab');
    tap('f-kb-clear');
    expect(input().value).toBe('');
  });

  it('respects max length', () => {
    render(<Form lang="en" maxLength={3} />);
    keys('a', 'b', 'c', 'd');
    expect(input().value).toBe('abc');
    expect(screen.getByTestId('f-hint').textContent).toBe('بلغت الحد الأقصى لعدد الأحرف');
  });

  it('a QID field shows only the numeric pad, left to right, and guides to 11 digits', () => {
    render(<Form kind="qid" uiLang="en" />);
    const pad = screen.getByTestId('f-kb');
    expect(pad.getAttribute('data-layout')).toBe('numeric');
    expect(pad.getAttribute('dir')).toBe('ltr');
    expect(screen.queryByTestId('f-kb-key-a')).toBeNull();
    expect(screen.getByTestId('f-hint').textContent).toBe('ID number: 11 digits starting with 2 or 3');
    keys('2', '8', '4', '5');
    expect(screen.getByTestId('f-hint').textContent).toBe('7 more digits');
    keys(...Array.from('1234567'), '8');
    expect(input().value).toBe('28451234567');
    expect(screen.getByTestId('f-hint').textContent).toBe('Complete');
  });

  it('a QID that cannot be one says why, in Arabic', () => {
    render(<Form kind="qid" />);
    keys('1');
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('f-hint').textContent).toBe('يبدأ الرقم الشخصي بالرقم 2 أو 3');
    tap('f-kb-backspace');
    keys('3', '0');
    expect(screen.getByTestId('f-hint').textContent).toBe('بقيت 9 أرقام');
  });

  it('numeric fields ignore a prefilled value’s letters', () => {
    render(<Form kind="phone" initial="55 12-34ab" />);
    expect(input().value).toBe('551234');
  });

  it('a hidden label still names the field', () => {
    render(
      <KeyboardField label="Zone number" labelHidden value="" onChange={() => undefined} kind="number" testId="g" />,
    );
    const label = screen.getByText('Zone number');
    expect(label.className).toContain('kb-field__label--hidden');
    expect(screen.getByLabelText('Zone number')).toBe(screen.getByTestId('g'));
  });

  it('key buttons are labelled for screen readers in the page language', () => {
    render(<Form uiLang="en" lang="ar" />);
    expect(screen.getByTestId('f-kb-backspace').getAttribute('aria-label')).toBe('Delete last character');
    expect(screen.getByTestId('f-kb-shift').getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByTestId('f-kb-switch-layout').getAttribute('lang')).toBe('en');
  });
});
