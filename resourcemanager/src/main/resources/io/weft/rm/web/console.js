// Weft console: fills the page from the REST API and refreshes it every two seconds.
// Every value is inserted as a text node, never as HTML, so user-supplied strings show as text.
(function () {
  'use strict';
  var content = document.getElementById('content');
  var page = content.getAttribute('data-page');
  var API = '/ws/v1/cluster';
  // YARN's simple authentication: who the user is travels as ?user.name= on every call (see docs/web.md)
  var USER = new URLSearchParams(window.location.search).get('user.name');
  function asUser(url) {
    return USER ? url + (url.indexOf('?') < 0 ? '?' : '&') + 'user.name=' + encodeURIComponent(USER) : url;
  }

  // A login session's CSRF token (see WebGuard): sent back on every state-changing request.
  var CSRF_META = document.querySelector('meta[name="weft-csrf"]');
  function writeHeaders() {
    return { 'Content-Type': 'application/json', 'X-Weft-CSRF': CSRF_META ? CSRF_META.getAttribute('content') : '' };
  }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'onclick' || k === 'onchange' || k === 'oninput') { node[k] = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    for (var i = 2; i < arguments.length; i++) { add(node, arguments[i]); }
    return node;
  }
  function add(node, child) {
    if (child === null || child === undefined) { return; }
    if (Array.isArray(child)) { child.forEach(function (c) { add(node, c); }); return; }
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  function getJson(url) {
    return fetch(asUser(url), { headers: { Accept: 'application/json' } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.RemoteException ? body.RemoteException.message : r.statusText); }
        return body;
      });
    });
  }
  function time(ms) { return ms > 0 ? new Date(ms).toLocaleString() : 'N/A'; }
  function duration(ms) {
    if (!(ms > 0)) { return '0 s'; }
    var s = Math.round(ms / 1000), h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60);
    return (h ? h + ' h ' : '') + (h || m ? m + ' min ' : '') + (s % 60) + ' s';
  }
  function bar(used, total, label, guarantee) {
    var pct = total > 0 ? Math.min(100, 100 * used / total) : 0;
    return el('div', { 'class': 'bar', title: label },
      el('div', { 'class': 'fill', style: 'width:' + pct.toFixed(1) + '%' }),
      guarantee === undefined ? null : el('div', { 'class': 'guarantee', style: 'width:' + guarantee + '%' }),
      el('span', {}, label));
  }
  function stateCell(state) { return el('td', { 'class': 'state-' + state }, state); }
  function table(headers, rows) {
    return el('table', {}, el('thead', {}, el('tr', {}, headers.map(function (h) {
      return h instanceof Node ? h : el('th', {}, h);
    }))), el('tbody', {}, rows));
  }
  function link(href, text) { return el('a', { href: href }, text); }
  // through the RM (/logs/...), which asks the container's NodeManager: works where only the RM is reachable
  function logLinks(containerId) {
    if (!containerId) { return 'N/A'; }
    var base = '/logs/' + encodeURIComponent(containerId);
    return [link(asUser(base + '/stdout'), 'stdout'), ' ', link(asUser(base + '/stderr'), 'stderr')];
  }
  function show(nodes) {
    var focused = document.activeElement && document.activeElement.id;
    content.replaceChildren.apply(content, [].concat(nodes).filter(function (n) { return n !== null && n !== undefined; }));
    if (focused && document.getElementById(focused)) { document.getElementById(focused).focus(); }
  }
  function fail(e) {
    var msg = document.getElementById('error') || el('p', { id: 'error', 'class': 'error' });
    msg.textContent = 'Could not refresh: ' + e.message;
    if (!msg.parentNode) { content.appendChild(msg); }
  }

  // ---- overview
  function overview() {
    return Promise.all([getJson(API + '/metrics'), getJson('/ws/v1/console/utilization')]).then(function (r) {
      var m = r[0].clusterMetrics, samples = r[1].samples;
      show([el('div', { 'class': 'cards' },
        card('Applications', m.appsSubmitted, ['pending ' + m.appsPending, 'running ' + m.appsRunning,
          'completed ' + m.appsCompleted, 'failed ' + m.appsFailed, 'killed ' + m.appsKilled]),
        card('Containers', m.containersAllocated, ['running ' + m.containersAllocated, 'pending ' + m.containersPending]),
        card('Memory', m.allocatedMB + ' / ' + m.totalMB + ' MB', [bar(m.allocatedMB, m.totalMB, Math.round(
          m.totalMB ? 100 * m.allocatedMB / m.totalMB : 0) + '% used')]),
        card('VCores', m.allocatedVirtualCores + ' / ' + m.totalVirtualCores, [bar(m.allocatedVirtualCores,
          m.totalVirtualCores, Math.round(m.totalVirtualCores ? 100 * m.allocatedVirtualCores / m.totalVirtualCores : 0) + '% used')]),
        otherTypes(m.totalClusterResourcesAcrossPartition).map(function (t) {
          var used = otherTypes(m.totalUsedResourcesAcrossPartition).filter(function (u) { return u.name === t.name; });
          var n = used.length ? used[0].value : 0;
          return card(t.name, n + ' / ' + t.value, [bar(n, t.value, Math.round(t.value ? 100 * n / t.value : 0)
            + '% used')]);
        }),
        card('Nodes', m.totalNodes, ['active ' + m.activeNodes, 'lost ' + m.lostNodes, 'unhealthy ' + m.unhealthyNodes,
          'shutdown ' + m.shutdownNodes, 'decommissioned ' + m.decommissionedNodes])),
        el('h2', {}, 'Utilization, last hour'), chart(samples)]);
    });
  }
  function card(title, big, lines) {
    return el('div', { 'class': 'card' }, el('h3', {}, title), el('div', { 'class': 'big' }, big),
      lines.map(function (l) { return el('div', {}, l); }));
  }
  function chart(samples) {
    var ns = 'http://www.w3.org/2000/svg', w = 720, h = 160;
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'chart'); svg.setAttribute('width', w); svg.setAttribute('height', h + 20);
    var end = Date.now(), start = end - 3600 * 1000;
    function line(value, color, name) {
      var pts = samples.map(function (s) {
        return ((s.time - start) / 3600000 * w).toFixed(1) + ',' + (h - value(s) * h).toFixed(1);
      }).join(' ');
      var p = document.createElementNS(ns, 'polyline');
      p.setAttribute('points', pts); p.setAttribute('fill', 'none'); p.setAttribute('stroke', color);
      p.setAttribute('stroke-width', '2');
      var t = document.createElementNS(ns, 'title'); t.textContent = name; p.appendChild(t);
      svg.appendChild(p);
    }
    line(function (s) { return s.totalMb ? s.usedMb / s.totalMb : 0; }, '#4b8bf4', 'memory used');
    line(function (s) { return s.totalVcores ? s.usedVcores / s.totalVcores : 0; }, '#d9822b', 'vcores used');
    var label = document.createElementNS(ns, 'text');
    label.setAttribute('x', 4); label.setAttribute('y', h + 15); label.setAttribute('font-size', '11');
    label.textContent = 'blue: memory %, orange: vcores % — ' + samples.length + ' samples, now at the right';
    svg.appendChild(label);
    return svg;
  }

  // ---- applications
  var STATES = ['', 'NEW', 'NEW_SAVING', 'SUBMITTED', 'ACCEPTED', 'RUNNING', 'FINISHED', 'FAILED', 'KILLED'];
  var params = new URLSearchParams(location.search);
  function appsQuery() {
    var q = new URLSearchParams();
    ['states', 'queue', 'user', 'search', 'sort', 'order'].forEach(function (k) {
      if (params.get(k)) { q.set(k, params.get(k)); }
    });
    q.set('offset', params.get('offset') || '0'); q.set('limit', params.get('limit') || '50');
    return q;
  }
  function setParam(k, v) {
    if (v) { params.set(k, v); } else { params.delete(k); }
    if (k !== 'offset') { params.delete('offset'); }
    history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
    refresh();
  }
  var filterBar;
  function filters() {
    if (filterBar) { return filterBar; }
    var state = el('select', { id: 'filter-state', onchange: function () { setParam('states', state.value); } },
      STATES.map(function (s) { return el('option', { value: s }, s || 'all states'); }));
    state.value = params.get('states') || '';
    function input(id, key, hint) {
      var i = el('input', { id: id, placeholder: hint, value: params.get(key) || '' });
      var timer;
      i.oninput = function () { clearTimeout(timer); timer = setTimeout(function () { setParam(key, i.value.trim()); }, 300); };
      return i;
    }
    filterBar = el('div', { 'class': 'filters' }, state, input('filter-queue', 'queue', 'queue'),
      input('filter-user', 'user', 'user'), input('search', 'search', 'search id, name, user…'));
    return filterBar;
  }
  var COLUMNS = [['id', 'ID'], ['user', 'User'], ['name', 'Name'], ['applicationType', 'Type'], ['queue', 'Queue'],
    ['state', 'State'], ['finalStatus', 'Final status'], ['startedTime', 'Started'], ['finishedTime', 'Finished'],
    ['elapsedTime', 'Elapsed'], ['progress', 'Progress'], ['allocatedMB', 'Memory MB'], ['allocatedVCores', 'VCores'],
    ['runningContainers', 'Containers']];
  function apps() {
    var q = appsQuery();
    return getJson(API + '/apps?' + q).then(function (body) {
      var list = body.apps.app, offset = body.offset, limit = Number(q.get('limit'));
      var headers = COLUMNS.map(function (c) {
        var sorted = params.get('sort') === c[0];
        return el('th', { 'class': 'sortable', 'data-sort': c[0], onclick: function () {
          var order = sorted && params.get('order') !== 'asc' ? 'asc' : 'desc';
          params.set('order', order); setParam('sort', c[0]);
        } }, c[1] + (sorted ? (params.get('order') === 'asc' ? ' ▲' : ' ▼') : ''));
      });
      var rows = list.map(function (a) {
        return el('tr', { 'data-app': a.id }, el('td', {}, link('/cluster/app/' + encodeURIComponent(a.id), a.id)),
          el('td', {}, a.user), el('td', { 'class': 'app-name' }, a.name), el('td', {}, a.applicationType),
          el('td', {}, a.queue), stateCell(a.state), el('td', {}, a.finalStatus), el('td', {}, time(a.startedTime)),
          el('td', {}, time(a.finishedTime)), el('td', {}, duration(a.elapsedTime)),
          el('td', {}, bar(a.progress, 100, Math.round(a.progress) + '%')),
          el('td', {}, a.allocatedMB < 0 ? 0 : a.allocatedMB), el('td', {}, a.allocatedVCores < 0 ? 0 : a.allocatedVCores),
          el('td', {}, a.runningContainers < 0 ? 0 : a.runningContainers));
      });
      var pager = el('div', { 'class': 'pager' },
        el('button', { id: 'prev', onclick: function () { setParam('offset', String(Math.max(0, offset - limit))); } }, '‹ Previous'),
        el('span', { id: 'range' }, body.total === 0 ? 'no applications' : (offset + 1) + '–' + (offset + list.length) + ' of ' + body.total),
        el('button', { id: 'next', onclick: function () { setParam('offset', String(offset + limit)); } }, 'Next ›'));
      pager.firstChild.disabled = offset === 0; pager.lastChild.disabled = offset + list.length >= body.total;
      show([filters(), table(headers, rows), pager]);
    });
  }

  // ---- one application
  function app() {
    var id = content.getAttribute('data-app'), base = API + '/apps/' + encodeURIComponent(id);
    return Promise.all([getJson(base), getJson(base + '/appattempts')]).then(function (r) {
      var a = r[0].app, attempts = r[1].appAttempts.appAttempt;
      var latest = attempts.length ? attempts[attempts.length - 1] : null;
      var containers = latest ? getJson(base + '/appattempts/' + encodeURIComponent(latest.appAttemptId) + '/containers')
        : Promise.resolve({ container: [] });
      return containers.then(function (c) { renderApp(a, attempts, c.container); });
    });
  }
  function kv(rows) {
    return el('table', { 'class': 'kv' }, rows.map(function (r) { return el('tr', {}, el('th', {}, r[0]), el('td', {}, r[1])); }));
  }
  function renderApp(a, attempts, containers) {
    var ended = ['FINISHED', 'FAILED', 'KILLED'].indexOf(a.state) >= 0;
    var diagnostics = [a.diagnostics, a.waitingReason].filter(function (d) { return d; }).join('\n');
    var kill = ended ? null : el('button', { 'class': 'kill', id: 'kill', onclick: function () { killApp(a.id); } }, 'Kill application');
    show([kv([['Name', el('span', { id: 'app-name' }, a.name)], ['User', a.user], ['Queue', a.queue],
      ['Type', a.applicationType],
      ['AM', el('span', { id: 'app-am' }, a.unmanagedApplication ? 'unmanaged: runs in its client, no AM container' : 'in a container')],
      ['State', el('span', { id: 'app-state', 'class': 'state-' + a.state }, a.state)],
      ['Final status', el('span', { id: 'app-final-status' }, a.finalStatus)], ['Started', time(a.startedTime)],
      ['Finished', time(a.finishedTime)], ['Elapsed', duration(a.elapsedTime)],
      ['Progress', bar(a.progress, 100, Math.round(a.progress) + '%')],
      ['Tracking URL', a.trackingUrl ? link(asUser(a.trackingUrl), a.trackingUI) : 'N/A'],
      ['Resources', a.memorySeconds + ' MB·s, ' + a.vcoreSeconds + ' vcore·s'],
      ['Diagnostics', el('div', { 'class': 'diag', id: 'diagnostics' }, diagnostics || '(none)')]]),
      el('p', { id: 'kill-status', 'class': 'note' }, killNote), kill,
      el('h2', {}, 'Attempts'),
      table(['Attempt', 'State', 'Started', 'Finished', 'AM container', 'Node', 'Logs'], attempts.map(function (t) {
        return el('tr', {}, el('td', {}, t.appAttemptId), stateCell(t.appAttemptState), el('td', {}, time(t.startTime)),
          el('td', {}, time(t.finishedTime)),
          el('td', {}, t.containerId || (a.unmanagedApplication ? 'none (unmanaged)' : 'N/A')),
          el('td', {}, t.nodeHttpAddress ? link('http://' + t.nodeHttpAddress + '/node', t.nodeId) : 'N/A'),
          el('td', { 'class': 'am-logs' }, logLinks(t.containerId)));
      })),
      el('h2', {}, 'Containers of the latest attempt'),
      table(['Container', 'Node', 'State', 'Exit status', 'Memory MB', 'VCores']
        .concat(containers.some(function (c) { return containerOthers(c) !== ''; }) ? ['Other resources'] : [])
        .concat(['Logs']), containers.map(function (c) {
        var others = containers.some(function (x) { return containerOthers(x) !== ''; });
        return el('tr', {}, el('td', {}, c.containerId), el('td', {}, link(c.nodeHttpAddress + '/node', c.nodeId)),
          el('td', {}, c.rmState), el('td', {}, c.containerExitStatus), el('td', {}, c.allocatedMB),
          el('td', {}, c.allocatedVCores), others ? el('td', { 'class': 'others' }, containerOthers(c)) : null,
          el('td', {}, logLinks(c.containerId)));
      }))]);
  }
  // A container's resource types besides memory and vcores ("gpu 1"), from YARN's allocatedResources entries.
  function containerOthers(c) {
    var entries = c.allocatedResources && c.allocatedResources.entry ? c.allocatedResources.entry : [];
    return entries.filter(function (e) { return e.key !== 'memory-mb' && e.key !== 'vcores'; })
      .map(function (e) { return e.key + ' ' + e.value; }).join(', ');
  }
  var killNote = '';
  function killApp(id) {
    if (!window.confirm('Kill application ' + id + '?')) { return; }
    killNote = 'Killing ' + id + '…';
    fetch(asUser(API + '/apps/' + encodeURIComponent(id) + '/state'), { method: 'PUT',
      headers: writeHeaders(), body: JSON.stringify({ state: 'KILLED' }) })
      .then(function (r) { return r.json().then(function (b) {
        killNote = r.ok ? (r.status === 202 ? 'Kill accepted; state ' + b.state : 'State: ' + b.state)
          : 'Kill failed: ' + (b.RemoteException ? b.RemoteException.message : r.status);
        refresh();
      }); });
  }

  // ---- nodes
  function nodes() {
    return getJson(API + '/nodes').then(function (body) {
      var list = body.nodes.node;
      // a column for the other resource types (gpu, ...) only on a cluster that has some
      var withOthers = list.some(function (n) { return otherTypes(n.totalResource).length > 0; });
      var headers = ['Node', 'State', 'Node label', 'Last heartbeat', 'Health', 'Containers', 'Memory', 'VCores']
        .concat(withOthers ? ['Other resources'] : []).concat(['Measured use']);
      show([el('p', { id: 'node-count' }, list.length + ' nodes'),
        table(headers, list.map(function (n) {
          var mem = n.usedMemoryMB + n.availMemoryMB, cores = n.usedVirtualCores + n.availableVirtualCores;
          var u = n.resourceUtilization;
          return el('tr', { 'class': 'node' }, el('td', {}, link('http://' + n.nodeHTTPAddress + '/node', n.id)),
            stateCell(n.state), el('td', { 'class': 'node-label' }, (n.nodeLabels || []).join(',')),
            el('td', {}, time(n.lastHealthUpdate)), el('td', {}, n.healthReport || 'healthy'),
            el('td', {}, n.numContainers), el('td', {}, bar(n.usedMemoryMB, mem, n.usedMemoryMB + ' / ' + mem + ' MB')),
            el('td', {}, bar(n.usedVirtualCores, cores, n.usedVirtualCores + ' / ' + cores)),
            withOthers ? el('td', { 'class': 'others' }, otherTypes(n.totalResource).map(function (t) {
              var used = otherTypes(n.usedResource).filter(function (u) { return u.name === t.name; });
              return t.name + ' ' + (used.length ? used[0].value : 0) + ' / ' + t.value;
            }).join(', ')) : null,
            el('td', { 'class': 'measured', title: 'measured by the NodeManager: its containers (the whole host)' },
              u.aggregatedContainersPhysicalMemoryMB + ' MB, ' + u.containersCPUUsage.toFixed(1) + ' vcores (host '
              + u.nodePhysicalMemoryMB + ' MB, ' + u.nodeCPUUsage.toFixed(1) + ' vcores)'));
        }))]);
    });
  }

  // ---- scheduler
  function resource(r) {
    return r ? r.memory + ' MB, ' + r.vCores + ' vcores' + otherTypes(r).map(function (t) {
      return ', ' + t.name + ' ' + t.value; }).join('') : '';
  }
  // The resource types besides memory and vcores in a YARN resource object (resourceInformations).
  function otherTypes(r) {
    var infos = r && r.resourceInformations ? r.resourceInformations.resourceInformation : [];
    return infos.filter(function (i) { return i.name !== 'memory-mb' && i.name !== 'vcores'; });
  }
  // A leaf's users: what each holds (in AM containers too), its applications and the user limit.
  function queueUsers(q) {
    var users = q.users && q.users.user ? q.users.user : [];
    return el('tr', { 'class': 'queue-users', 'data-queue': q.queuePath },
      el('td', { colspan: '6' }, users.length === 0 ? 'No user has an application in ' + q.queuePath + '.'
        : table(['User', 'Used', 'In AM containers', 'Active applications', 'Pending applications', 'User limit',
          'Asking'], users.map(function (u) {
          return el('tr', { 'class': 'user', 'data-user': u.username },
            el('td', {}, u.username), el('td', {}, resource(u.resourcesUsed)), el('td', {}, resource(u.AMResourceUsed)),
            el('td', {}, u.numActiveApplications), el('td', {}, u.numPendingApplications),
            el('td', {}, resource(u.userResourceLimit)), el('td', {}, u.isActive ? 'yes' : 'no'));
        }))));
  }
  function scheduler() {
    return getJson(API + '/scheduler').then(function (body) {
      var s = body.scheduler.schedulerInfo;
      var rows = [];
      (function walk(queues, depth) {
        (queues ? queues.queue : []).forEach(function (q) {
          var leaf = q.queueType === 'leaf';
          rows.push(el('tr', { 'class': 'queue', 'data-queue': q.queuePath },
            el('td', {}, '\u00a0\u00a0'.repeat(depth) + '\u2514 ',
              link('/cluster/apps?queue=' + encodeURIComponent(q.queueName), q.queueName), ' (' + q.state + ')'),
            el('td', {}, bar(q.absoluteUsedCapacity, 100, q.absoluteUsedCapacity.toFixed(1) + '% of the cluster used; '
              + q.absoluteCapacity + '% guaranteed, max ' + q.absoluteMaxCapacity + '%', q.absoluteCapacity)),
            el('td', {}, q.numApplications), el('td', {}, leaf ? q.numPendingApplications : ''),
            el('td', { 'class': 'am' }, leaf ? [bar(q.usedAMResource.memory, q.AMResourceLimit.memory,
              q.usedAMResource.memory + ' / ' + q.AMResourceLimit.memory + ' MB'),
              el('small', {}, (100 * q.configuredMaxAMResourceLimit).toFixed(0) + '% of the guarantee')] : ''),
            el('td', {}, q.allocatedContainers + ' / ' + q.pendingContainers)));
          if (leaf) { rows.push(queueUsers(q)); }
          walk(q.queues, depth + 1);
        });
      })(s.queues, 0);
      show([el('p', {}, 'Scheduler: ' + s.type + ' \u2014 legend: blue = used, orange mark = guaranteed, bar = the cluster'),
        table(['Queue', 'Used vs guaranteed vs maximum (share of the cluster)', 'Applications', 'Pending',
          'AM containers: used / limit', 'Containers: allocated / asked for'],
          [el('tr', {}, el('td', {}, s.queueName), el('td', {}, bar(s.usedCapacity, 100, s.usedCapacity.toFixed(1) + '% used')),
            el('td', {}, ''), el('td', {}, ''), el('td', {}, ''), el('td', {}, ''))].concat(rows))]);
    });
  }

  var renderers = { overview: overview, apps: apps, app: app, nodes: nodes, scheduler: scheduler };
  var busy = false;
  function refresh() {
    if (busy) { return; }
    busy = true;
    renderers[page]().then(function () {
      var e = document.getElementById('error'); if (e) { e.remove(); }
    }, fail).then(function () { busy = false; });
  }
  refresh();
  setInterval(refresh, 2000);
}());
