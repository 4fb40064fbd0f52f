import { useKiosk, useStep } from '../kiosk-context';
import { Claims } from './Claims';
import { InquiryList } from './InquiryList';

function Fines() {
  const { i18n } = useKiosk();
  const { readOnly } = useStep('fines');
  return (
    <InquiryList
      texts={{
        title: i18n.t(readOnly ? 'fines.readOnlyTitle' : 'fines.title'),
        instruction: i18n.t(readOnly ? 'fines.readOnlyHint' : 'fines.instruction'),
        selected: (count) => i18n.t('fines.selected', { count }),
      }}
    />
  );
}

/** The list an inquiry answered: traffic fines, or financial claims with their own details and words. */
export function FinesScreen() {
  const { flow } = useStep('fines');
  return flow === 'claims' ? <Claims /> : <Fines />;
}
