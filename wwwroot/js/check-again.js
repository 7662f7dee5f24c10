// "We are confirming your payment": follows the page's own "Check again now" link after a few seconds, so the
// shopper need not press it. The page stops offering it after a minute of checks (ReturnModel.MaxChecks), so an
// open tab does not ask the provider forever; without script, the link does the same by hand.
(function () {
  var link = document.getElementById('check-again');
  var seconds = link && Number(link.getAttribute('data-after-seconds'));
  if (seconds > 0) {
    setTimeout(function () { window.location.replace(link.href); }, seconds * 1000);
  }
})();
