import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap, type Schemas } from '../../api/client';
import { SelectInput, TextInput } from '../../components/controls';
import { Notice, ProblemMessage } from '../../components/ui';

type View = Schemas['InboxViewResponse'];
type Filters = Schemas['InboxViewFiltersDto'];

const viewKeys = { all: ['inbox-views'] as const };

/** The inbox's address parameters as a saved filter set (empty ones left out). */
function filtersOf(params: URLSearchParams): Filters {
  const filters: Filters = {};
  const status = params.get('status');
  const assignee = params.get('assignee');
  const priority = params.get('priority');
  if (status) filters.status = status as Filters['status'];
  if (assignee) filters.assignee = assignee;
  if (priority) filters.priority = priority as Filters['priority'];
  if (params.get('overdue') === 'true') filters.overdue = true;
  return filters;
}

/** A saved filter set as the inbox's address parameters. */
function paramsOf(view: View): URLSearchParams {
  const next = new URLSearchParams();
  if (view.filters.status) next.set('status', view.filters.status);
  if (view.filters.assignee) next.set('assignee', view.filters.assignee);
  if (view.filters.priority) next.set('priority', view.filters.priority);
  if (view.filters.overdue) next.set('overdue', 'true');
  return next;
}

/**
 * The coordinator's saved inbox views: apply one, save the current filters
 * under a name, rename or delete the chosen one. Views are the person's own.
 */
export function SavedViews(props: {
  params: URLSearchParams;
  onApply: (next: URLSearchParams) => void;
}) {
  const queryClient = useQueryClient();
  const views = useQuery({
    queryKey: viewKeys.all,
    queryFn: () => unwrap(api.GET('/api/v1/inbox-views')),
  });
  const [chosen, setChosen] = useState('');
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = views.data?.items ?? [];
  const current = items.find((v) => v.id === chosen);
  const done = async (message: string) => {
    setNotice(message);
    await queryClient.invalidateQueries({ queryKey: viewKeys.all });
  };

  const save = useMutation({
    mutationFn: (viewName: string) =>
      unwrap(
        api.POST('/api/v1/inbox-views', {
          body: { name: viewName, filters: filtersOf(props.params) },
        }),
      ),
    onSuccess: async (view) => {
      setName('');
      setChosen(view.id);
      await done(`These filters are saved as “${view.name}”.`);
    },
  });
  const rename = useMutation({
    mutationFn: (v: { id: string; name: string }) =>
      unwrap(
        api.PATCH('/api/v1/inbox-views/{id}', {
          params: { path: { id: v.id } },
          body: { name: v.name },
        }),
      ),
    onSuccess: async (view) => {
      setRenaming(null);
      await done(`Saved view renamed “${view.name}”.`);
    },
  });
  const remove = useMutation({
    mutationFn: (view: View) =>
      unwrap(api.DELETE('/api/v1/inbox-views/{id}', { params: { path: { id: view.id } } })),
    onSuccess: async (_r, view) => {
      setChosen('');
      await done(`Saved view “${view.name}” deleted.`);
    },
  });
  const error = save.error ?? rename.error ?? remove.error;

  const submitSave = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) save.mutate(name.trim());
  };
  const submitRename = (e: FormEvent) => {
    e.preventDefault();
    if (current && renaming?.trim()) rename.mutate({ id: current.id, name: renaming.trim() });
  };

  return (
    <section className="saved-views" aria-label="My inbox views">
      <div className="filters">
        <SelectInput
          label="Saved view"
          value={chosen}
          onChange={(e) => {
            setChosen(e.target.value);
            setRenaming(null);
            const view = items.find((v) => v.id === e.target.value);
            if (view) props.onApply(paramsOf(view));
          }}
        >
          <option value="">{items.length === 0 ? 'No saved views yet' : 'Choose a view'}</option>
          {items.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </SelectInput>
        {current ? (
          <>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => setRenaming(current.name)}
            >
              Rename view
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => remove.mutate(current)}
            >
              Delete view
            </button>
          </>
        ) : null}
      </div>
      {current && renaming !== null ? (
        <form className="filters" aria-label="Rename the saved view" onSubmit={submitRename}>
          <TextInput
            label="New name"
            value={renaming}
            maxLength={80}
            onChange={(e) => setRenaming(e.target.value)}
          />
          <button type="submit" className="button">
            Save name
          </button>
        </form>
      ) : null}
      <form className="filters" aria-label="Save the current filters" onSubmit={submitSave}>
        <TextInput
          label="Save these filters as"
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button" disabled={save.isPending}>
          Save view
        </button>
      </form>
      {notice ? <Notice>{notice}</Notice> : null}
      {error ? <ProblemMessage error={error} /> : null}
    </section>
  );
}
