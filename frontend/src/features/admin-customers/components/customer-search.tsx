import { useSearchText } from "@/lib/use-search-text";

import { SEARCH_MAX } from "@/features/admin-customers/hooks/use-customer-query";

/** Search as you type: the list follows the text once typing pauses (or on Enter). */
export function CustomerSearch({
  value,
  onSearch,
}: {
  value: string;
  onSearch: (q: string) => void;
}) {
  const { text, setText, submit } = useSearchText(value, onSearch);

  return (
    <form
      role="search"
      className="customer-search"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
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
