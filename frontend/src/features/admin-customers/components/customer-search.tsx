import { useEffect, useState } from "react";

import { SEARCH_MAX } from "@/features/admin-customers/hooks/use-customer-query";

export const SEARCH_DELAY_MS = 300;

/** Search as you type: the list follows the text once typing pauses (or on Enter). */
export function CustomerSearch({
  value,
  onSearch,
}: {
  value: string;
  onSearch: (q: string) => void;
}) {
  const [text, setText] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  // The search this box sent and has not seen arrive in the URL yet.
  const [sent, setSent] = useState<string | null>(null);
  if (value !== lastValue) {
    setLastValue(value);
    if (value === sent) {
      // Our own search arriving: what was typed meanwhile stays.
      setSent(null);
    } else if (value !== text.trim()) {
      // The URL changed some other way (Back, a link): show what it says.
      setText(value);
    }
  }

  const search = (q: string) => {
    setSent(q);
    onSearch(q);
  };

  useEffect(() => {
    if (text.trim() === value) return;
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
      className="customer-search"
      onSubmit={(event) => {
        event.preventDefault();
        search(text.trim());
      }}
    >
      <div className="field">
        <label htmlFor="customer-search">Search accounts</label>
        <input
          id="customer-search"
          type="search"
          placeholder="Email or username"
          value={text}
          maxLength={SEARCH_MAX}
          autoComplete="off"
          onChange={(event) => {
            setText(event.target.value);
          }}
        />
      </div>
    </form>
  );
}
