// Shows the error-rate tables for the threshold the reader picks (every threshold is in the page already).
(function () {
  var select = document.getElementById('threshold');
  if (!select) return;
  select.addEventListener('change', function () {
    var tables = document.querySelectorAll('.threshold-table');
    for (var i = 0; i < tables.length; i++) tables[i].hidden = tables[i].getAttribute('data-threshold') !== select.value;
  });
})();
