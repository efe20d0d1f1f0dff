import { PageHeader } from '../ui';

export function Admin() {
  return <PageHeader title="Admin" />;
}
