import { useSearchText } from "@/lib/use-search-text";

/** Search as you type: the query follows the text once typing pauses. */
export function SearchBox({ value, onSearch }: { value: string; onSearch: (q: string) => void }) {
  const { text, setText, submit } = useSearchText(value, onSearch);

  return (
    <form
      role="search"
      className="search-box"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
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
