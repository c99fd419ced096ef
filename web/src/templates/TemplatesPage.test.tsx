import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fetchMock, json } from '../test/fetchMock';
import { renderWithProviders } from '../test/render';
import TemplatesPage from './TemplatesPage';

const at = '2026-01-01T00:00:00Z';
const templates = [
  { id: 'ct1', name: 'US incorporation', description: null, activeVersionId: 'cv2', activeVersion: '2.0.0', versionCount: 3, createdAt: at, updatedAt: at },
  { id: 'ct2', name: 'Payroll', description: 'Monthly run', activeVersionId: null, activeVersion: null, versionCount: 1, createdAt: at, updatedAt: at },
];

describe('TemplatesPage', () => {
  it('shows each row’s active version and version count from the list answer alone', async () => {
    fetchMock.on('GET', '/v1/templates', () => json(200, { items: templates, nextCursor: '' }));
    renderWithProviders(<TemplatesPage />, { route: '/workflows' });

    const us = (await screen.findByRole('link', { name: 'US incorporation' })).closest('tr')!;
    expect(within(us).getByText('2.0.0')).toBeInTheDocument();
    expect(within(us).getByText('3')).toBeInTheDocument();
    const payroll = screen.getByRole('link', { name: 'Payroll' }).closest('tr')!;
    expect(within(payroll).getByText('none')).toBeInTheDocument();
    expect(within(payroll).getByText('1')).toBeInTheDocument();

    // One request for the page: no per-row version reads.
    const paths = fetchMock.requests.map((r) => new URL(r.url).pathname);
    expect(paths).toEqual(['/v1/templates']);
  });
});
