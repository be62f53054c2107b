import { useContext, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { FieldErrorsContext, PathField } from '../form-fields';
import { userLocale } from './amounts';
import { countryName, countryOf, isCountryCode, matchCountries, type Country } from './countries';

/**
 * The country picker: an editable combobox with a list of matching countries
 * (ARIA 1.2 combobox pattern). Typing a name ("United"), a word of it
 * ("Kingdom") or a code ("GB") filters the list; arrow keys move through it,
 * Enter or a click chooses, Escape closes. The form holds the country's
 * code; a typed text that names no country is kept as typed, and the form
 * says to choose one from the list.
 */

const SHOWN = 12;

function useCombobox(props: {
  text: string;
  setText: (text: string) => void;
  onPick: (country: Country) => void;
}) {
  const locale = userLocale();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const matches = useMemo(() => matchCountries(props.text, locale), [props.text, locale]);
  const shown = matches.slice(0, SHOWN);
  const listId = useId();
  const optionId = (i: number) => `${listId}-option-${i}`;
  const pick = (country: Country) => {
    props.onPick(country);
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (shown.length === 0 ? 0 : (i + step + shown.length) % shown.length));
    } else if (event.key === 'Enter' && open && shown[active]) {
      event.preventDefault();
      pick(shown[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
    }
  };
  const expanded = open && shown.length > 0;
  const input = {
    role: 'combobox',
    'aria-autocomplete': 'list' as const,
    'aria-expanded': expanded,
    'aria-controls': listId,
    'aria-activedescendant': expanded && shown[active] ? optionId(active) : undefined,
    autoComplete: 'off',
    value: props.text,
    onKeyDown,
  };
  const onText = (text: string) => {
    props.setText(text);
    setOpen(true);
    setActive(0);
  };
  const close = () => setOpen(false);
  const list = (label: string) => (
    <>
      <ul id={listId} role="listbox" aria-label={label} className="country-list" hidden={!expanded}>
        {shown.map((country, i) => (
          <li
            key={country.code}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'country-option-active' : undefined}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(country)}
          >
            {country.name} <span className="country-code">{country.code}</span>
          </li>
        ))}
      </ul>
      <span className="visually-hidden" aria-live="polite">
        {open && props.text.trim() !== ''
          ? matches.length === 0
            ? 'No country matches.'
            : `${matches.length} ${matches.length === 1 ? 'country matches' : 'countries match'}.`
          : ''}
      </span>
    </>
  );
  return { input, onText, close, list, locale };
}

/** One country (merchant, acquirer, principal): holds its code. */
export function CountryField(props: {
  path: string;
  label: string;
  hint?: string;
  required?: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  const { touch } = useContext(FieldErrorsContext);
  const locale = userLocale();
  const shownAs = (value: string) => (isCountryCode(value) ? countryName(value, locale) : value);
  const [text, setText] = useState(() => shownAs(props.value));
  const { input, onText, close, list } = useCombobox({
    text,
    setText: (typed) => {
      setText(typed);
      touch(props.path);
      props.onChange(countryOf(typed, locale) ?? typed);
    },
    onPick: (country) => {
      setText(country.name);
      touch(props.path);
      props.onChange(country.code);
    },
  });
  return (
    <PathField {...props} className="country-field">
      {({ id, describedBy, invalid }) => (
        <div className="country-combobox">
          <input
            id={id}
            type="text"
            {...input}
            onChange={(event) => onText(event.target.value)}
            onBlur={() => {
              close();
              touch(props.path);
              if (isCountryCode(props.value)) setText(countryName(props.value, locale));
            }}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
          {list(`Countries matching ${props.label}`)}
        </div>
      )}
    </PathField>
  );
}

/** Several countries (where the websites are hosted): holds their codes separated by spaces. */
export function CountryListField(props: {
  path: string;
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const { touch } = useContext(FieldErrorsContext);
  const chosen = props.value.split(/[\s,;]+/).filter((code) => code !== '');
  const [text, setText] = useState('');
  const add = (code: string) => {
    touch(props.path);
    if (!chosen.includes(code)) props.onChange([...chosen, code].join(' '));
    setText('');
  };
  const { input, onText, close, list, locale } = useCombobox({
    text,
    setText,
    onPick: (country) => add(country.code),
  });
  return (
    <PathField {...props} className="country-field">
      {({ id, describedBy, invalid }) => (
        <div className="country-combobox">
          {chosen.length > 0 ? (
            <ul className="country-chosen" aria-label={`${props.label} chosen`}>
              {chosen.map((code) => (
                <li key={code}>
                  {countryName(code, locale)}{' '}
                  <button
                    type="button"
                    className="button button-quiet"
                    onClick={() => {
                      touch(props.path);
                      props.onChange(chosen.filter((c) => c !== code).join(' '));
                    }}
                  >
                    Remove<span className="visually-hidden"> {countryName(code, locale)}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <input
            id={id}
            type="text"
            {...input}
            onChange={(event) => onText(event.target.value)}
            onBlur={() => {
              close();
              const code = countryOf(text, locale);
              if (code) add(code);
            }}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
          />
          {list(`Countries matching ${props.label}`)}
        </div>
      )}
    </PathField>
  );
}
