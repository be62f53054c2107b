import { useState, type FormEvent } from 'react';
import './search-box.css';
import { useLocation, useNavigate } from 'react-router-dom';

/** The console's one search box (top bar): opens the results page for what was typed. */
export function SearchBox() {
  const navigate = useNavigate();
  const location = useLocation();
  const current =
    location.pathname === '/search' ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [text, setText] = useState(current);
  // Keep the box in step with the results page's address (back and forward included).
  const [addressed, setAddressed] = useState(current);
  if (addressed !== current) {
    setAddressed(current);
    setText(current);
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = text.trim();
    if (q.length > 0) void navigate(`/search?${new URLSearchParams({ q }).toString()}`);
  };

  return (
    <form className="search-box" role="search" aria-label="Hub search" onSubmit={submit}>
      <label htmlFor="search-box-input" className="visually-hidden">
        Find in the hub
      </label>
      <input
        id="search-box-input"
        type="search"
        name="q"
        value={text}
        maxLength={200}
        placeholder="Reference, merchant name, domain, MID, e-mail, phone, wallet"
        title="A reference (FCR-, CASE-, DSP-), a merchant name, a domain, a merchant id, an e-mail address, a phone number or a wallet"
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="button button-quiet">
        Find
      </button>
    </form>
  );
}
