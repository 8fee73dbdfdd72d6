// /l/#TOKEN (templates/presenter/open_link.html): trades the token in the
// fragment for this browser's access to one deck, then replaces this page,
// token and all, with the role's page. The fragment never reaches a server.

const section = document.querySelector("[data-open-link]");
const message = section.querySelector("[data-open-link-message]");
const token = decodeURIComponent(location.hash.slice(1));
// Out of the address bar and the history at once, whatever happens next.
history.replaceState(null, "", location.pathname);

async function exchange() {
  if (!token) {
    message.textContent = "This address has no link in it. Scan the QR code again, or copy the whole link.";
    return;
  }
  try {
    const response = await fetch(section.dataset.exchangeUrl, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": section.querySelector("input[name=csrfmiddlewaretoken]").value,
      },
      body: JSON.stringify({ token }),
    });
    const answer = await response.json();
    if (!response.ok) {
      message.textContent = answer.error || `The server refused the link (${response.status}).`;
      return;
    }
    location.replace(answer.url);
  } catch {
    message.textContent = "No connection: the link could not be opened. Check the network and scan it again.";
  }
}

exchange();
