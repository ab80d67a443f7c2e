// The window shell. The flow feed and the book window arrive with their issues; until then the
// shell says plainly what is here.
export function App() {
  return (
    <main className="app-shell">
      <h1>Fathom</h1>
      <p>The flow feed and book windows are not built yet.</p>
    </main>
  );
}
