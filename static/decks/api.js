// Talking to the server: JSON in and out, the CSRF token on every change,
// and errors sorted into "could not reach the server" (try again later)
// and "the server said no" (show its message).

export class NetworkError extends Error {
  // serverMessage: what the server said when it answered but could not serve
  // (a 503 while its database is away), to show instead of "cannot reach".
  constructor(message, serverMessage = null) {
    super(serverMessage || message);
    this.serverMessage = serverMessage;
  }
}

export class ResponseError extends Error {
  constructor(status, data) {
    super((data && (data.message || data.error)) || `The server answered ${status}.`);
    this.status = status;
    this.data = data;
  }
}

export function createApi(csrfToken) {
  async function request(url, options = {}) {
    let response;
    try {
      response = await fetch(url, { credentials: "same-origin", ...options });
    } catch {
      throw new NetworkError("The server could not be reached.");
    }
    if (response.status >= 500) {
      let said = null;
      try {
        said = (await response.json()).error || null;
      } catch {
        said = null;
      }
      throw new NetworkError(`The server answered ${response.status}.`, said);
    }
    let data = null;
    try {
      data = await response.json();
    } catch {
      data = null;
    }
    if (!response.ok) {
      if (response.status === 403 || response.status === 404) {
        data = data || { error: "You can no longer edit this deck here. Are you still logged in?" };
      }
      throw new ResponseError(response.status, data);
    }
    return data;
  }

  return {
    get(url) {
      return request(url, { headers: { Accept: "application/json" } });
    },
    post(url, body) {
      return request(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken, Accept: "application/json" },
        body: JSON.stringify(body),
      });
    },
    upload(url, formData) {
      return request(url, { method: "POST", headers: { "X-CSRFToken": csrfToken }, body: formData });
    },
  };
}
