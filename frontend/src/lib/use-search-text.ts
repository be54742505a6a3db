import { useEffect, useState } from "react";

export const SEARCH_DELAY_MS = 300;

/**
 * Search as you type for a query kept outside the box (in the URL): the query follows the
 * text once typing pauses, or at once on `submit()`. When the query changes some other way
 * (Back, a link, "Clear filters") the text shows it; when this box's own search arrives, what
 * was typed meanwhile (a space before the next word) stays.
 */
export function useSearchText(value: string, onSearch: (q: string) => void) {
  const [text, setText] = useState(value);
  const [lastValue, setLastValue] = useState(value);
  // The search this box sent and has not seen arrive yet.
  const [sent, setSent] = useState<string | null>(null);
  if (value !== lastValue) {
    setLastValue(value);
    if (value === sent) setSent(null);
    else if (value !== text.trim()) setText(value);
  }

  const submit = () => {
    setSent(text.trim());
    onSearch(text.trim());
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

  return { text, setText, submit };
}
