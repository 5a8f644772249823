// Passkey ceremonies for [data-passkey] blocks: fetch options, ask the
// authenticator, post its answer, follow the redirect the server names.
(function () {
  "use strict";
  if (!window.PublicKeyCredential) return;

  function toBytes(b64url) {
    var b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
    var bin = atob(b64 + "===".slice((b64.length + 3) % 4));
    return Uint8Array.from(bin, function (c) { return c.charCodeAt(0); });
  }

  function toB64url(buffer) {
    var bin = String.fromCharCode.apply(null, new Uint8Array(buffer));
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function publicKeyFrom(options) {
    options.challenge = toBytes(options.challenge);
    if (options.user) options.user.id = toBytes(options.user.id);
    ["excludeCredentials", "allowCredentials"].forEach(function (key) {
      (options[key] || []).forEach(function (c) { c.id = toBytes(c.id); });
    });
    return options;
  }

  function credentialJSON(cred) {
    var r = cred.response, response = { clientDataJSON: toB64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toB64url(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toB64url(r.authenticatorData);
      response.signature = toB64url(r.signature);
      if (r.userHandle) response.userHandle = toB64url(r.userHandle);
    }
    return {
      id: cred.id, rawId: toB64url(cred.rawId), type: cred.type, response: response,
      clientExtensionResults: cred.getClientExtensionResults(),
      authenticatorAttachment: cred.authenticatorAttachment
    };
  }

  function post(url, csrf, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(body || {})
    }).then(function (answer) {
      return answer.json().catch(function () { return {}; }).then(function (data) {
        if (data.redirect && (answer.ok || answer.status === 401)) {
          window.location.assign(data.redirect);
          return null;
        }
        if (!answer.ok) throw new Error(data.detail || "The passkey was not accepted.");
        return data;
      });
    });
  }

  function run(block) {
    var mode = block.dataset.passkey, csrf = block.dataset.csrf;
    var error = block.querySelector("[data-passkey-error]");
    var nameInput = block.querySelector("input[name=passkey_name]");
    var remember = document.querySelector("input[name=remember_device]");
    error.textContent = "";
    error.hidden = true;
    post(block.dataset.optionsUrl, csrf).then(function (options) {
      if (!options) return null;
      var publicKey = publicKeyFrom(options);
      return mode === "create"
        ? navigator.credentials.create({ publicKey: publicKey })
        : navigator.credentials.get({ publicKey: publicKey });
    }).then(function (cred) {
      if (!cred) return null;
      var body = { credential: credentialJSON(cred) };
      if (nameInput) body.name = nameInput.value || "Passkey";
      if (mode === "get") body.remember_device = !!(remember && remember.checked);
      return post(block.dataset.finishUrl, csrf, body);
    }).catch(function (exc) {
      error.textContent = exc.message || "The passkey was not accepted.";
      error.hidden = false;
    });
  }

  document.querySelectorAll("[data-passkey]").forEach(function (block) {
    block.hidden = false;
    block.querySelector("button").addEventListener("click", function () { run(block); });
  });
})();
