import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { QueryView } from '../../components/ui';
import { readCasePackage } from '../liaison/case-package';
import { PackageSections } from '../liaison/package-view';

/**
 * Before approving, the lead reads exactly what each agency will receive: the
 * packages the approval would build now (fetched when opened; the read is audited).
 */
export function PackagePreview({ caseId }: { caseId: string }) {
  const [open, setOpen] = useState(false);
  const preview = useQuery({
    queryKey: ['case', caseId, 'package-preview'],
    queryFn: () =>
      unwrap(api.GET('/api/v1/cases/{id}/package-preview', { params: { path: { id: caseId } } })),
    enabled: open,
    staleTime: 0,
  });
  return (
    <details
      className="coordinator-package-preview"
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
    >
      <summary>Preview what each agency will receive</summary>
      {open ? (
        <QueryView query={preview} what="Building the packages">
          {(p) => (
            <>
              {p.packages.map((agencyPackage) => {
                const pkg = readCasePackage(agencyPackage.package, 'AMBER');
                const routing = (agencyPackage.package as { routing?: { basis?: unknown } })
                  .routing;
                return (
                  <article
                    key={agencyPackage.agencyId}
                    aria-label={`Package for ${agencyPackage.agencyName}`}
                  >
                    <h4>
                      For {agencyPackage.agencyName} — TLP:{pkg.tlp}
                      {pkg.pap ? ` · PAP:${pkg.pap}` : ''}
                    </h4>
                    <PackageSections
                      dispatch={{
                        deliveredAt: null,
                        basis: (Array.isArray(routing?.basis) ? routing.basis : []) as never,
                      }}
                      pkg={pkg}
                      idPrefix={`preview-${agencyPackage.agencyId}`}
                    />
                  </article>
                );
              })}
            </>
          )}
        </QueryView>
      ) : null}
    </details>
  );
}
