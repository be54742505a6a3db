import { useEffect, useState } from "react";

export const SEARCH_DELAY_MS = 300;

/** Search as you type: the query follows the text once typing pauses. */
export function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  // The search this box sent and has not seen arrive yet.
  const [sent, setSent] = useState<string | null>(null);
  if (value !== lastValue) {
    setLastValue(value);
    if (value === sent) {
      // This box's own search arriving: what was typed meanwhile (a space before the next
      // word, the next letters) stays.
      setSent(null);
    } else if (value !== text.trim()) {
      // The URL changed (back button, a link): show what it says.
      setText(value);
    }
  }

  const search = (q: string) => {
    setSent(q);
    onSearch(q);
  };

  useEffect(() => {
    if (text.trim() === value.trim()) return;
    const timer = setTimeout(() => {
      setSent(text.trim());
      onSearch(text.trim());
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [text, value, onSearch]);

  return (
    <form
      role="search"
      className="search-box"
      onSubmit={(event) => {
        event.preventDefault();
        search(text.trim());
      }}
    >
      <label htmlFor="catalog-search" className="visually-hidden">
        Search products
      </label>
      <input
        id="catalog-search"
        type="search"
        placeholder="Search products"
        value={text}
        maxLength={200}
        autoComplete="off"
        onChange={(event) => {
          setText(event.target.value);
        }}
      />
      <button type="submit" className="button">
        Search
      </button>
    </form>
  );
}
