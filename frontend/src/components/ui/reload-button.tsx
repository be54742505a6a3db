export function ReloadButton() {
  return (
    <button
      type="button"
      className="button button-primary"
      onClick={() => {
        window.location.reload();
      }}
    >
      Reload the page
    </button>
  );
}
