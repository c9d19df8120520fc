// Starts Web Chat on Mend's page: asks the bot for a Direct Line token, connects (to the bot's
// own local endpoint, or to Azure Direct Line when the server says so) and renders the chat.
(function () {
  'use strict';

  var accent = '#0b5d57';
  var muted = '#4d5856';

  // Colours chosen for at least 4.5:1 contrast; buttons keep a visible focus ring.
  var styleOptions = {
    accent: accent,
    primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    backgroundColor: '#ffffff',
    subtle: muted,
    timestampColor: muted,
    bubbleBackground: '#eef3f2',
    bubbleTextColor: '#1b2120',
    bubbleBorderRadius: 12,
    bubbleBorderWidth: 0,
    bubbleFromUserBackground: accent,
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderRadius: 12,
    bubbleFromUserBorderWidth: 0,
    bubbleMaxWidth: 560,
    botAvatarInitials: 'M',
    botAvatarBackgroundColor: accent,
    hideUploadButton: true,
    sendBoxButtonColor: accent,
    sendBoxButtonColorOnFocus: accent,
    sendBoxButtonColorOnHover: '#063f3b',
    sendBoxTextWrap: true,
    sendBoxBorderTop: 'solid 1px #c9d6d3',
    suggestedActionLayout: 'flow',
    suggestedActionBackgroundColor: '#ffffff',
    suggestedActionBackgroundColorOnHover: '#e3efed',
    suggestedActionBorderColor: accent,
    suggestedActionBorderWidth: 2,
    suggestedActionBorderRadius: 18,
    suggestedActionTextColor: accent,
    suggestedActionHeight: 40,
    transcriptVisualKeyboardIndicatorColor: accent,
    cardEmphasisBackgroundColor: '#e3efed',
    rootHeight: '100%',
    rootWidth: '100%'
  };

  var status = document.getElementById('status');
  function show(message) {
    status.textContent = message;
    status.hidden = false;
  }

  function start() {
    if (!window.WebChat) {
      show('The chat could not load. Reload the page to try again.');
      return;
    }
    fetch('/api/directline/token', { method: 'POST', headers: { accept: 'application/json' } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error((body && body.error && body.error.message) || 'status ' + response.status);
          return body;
        });
      })
      .then(function (session) {
        var directLine = session.domain
          ? window.WebChat.createDirectLine({ domain: new URL(session.domain, window.location.href).href, token: session.token, webSocket: false, pollingInterval: 250 })
          : window.WebChat.createDirectLine({ token: session.token });
        var nonce = document.querySelector('meta[name="csp-nonce"]').getAttribute('content');
        window.WebChat.renderWebChat(
          {
            // No userID: the token carries the person's id, and both Direct Line endpoints mark
            // their messages with role "user", which is how Web Chat tells them apart.
            directLine: directLine,
            locale: navigator.language || 'en-US',
            nonce: nonce,
            styleOptions: styleOptions
          },
          document.getElementById('webchat')
        );
        var input = document.querySelector('[data-id="webchat-sendbox-input"]');
        if (input) input.focus();
      })
      .catch(function (err) {
        show('The chat is not available right now (' + err.message + ').');
      });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
