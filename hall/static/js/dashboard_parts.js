// 大厅监控: draws the dashboard's parts from a snapshot of GET /api/v1/dashboard, as the
// same markup as templates/dashboard/_live_parts.html. dashboard.js keeps it live.
(function () {
  "use strict";
  var root;

  function $(selector) { return root.querySelector(selector); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function add(parent, children) {
    children.forEach(function (child) {
      parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return parent;
  }

  function tag(cls, text) { return el("span", "tag " + cls, text); }

  function sub(text) { return el("div", "sub", text); }

  // A wall screen (no data-*-url attributes) links to no staff page: plain text instead.
  function link(href, text) {
    if (!href) { return el("span", "", text); }
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  function replace(selector, nodes) {
    var box = $(selector);
    box.textContent = "";
    add(box, nodes);
  }

  // --- the parts ---------------------------------------------------------------------------

  function formatFigure(value, kind) {
    if (value === null || value === undefined) { return "—"; }
    if (kind === "percent") { return (value * 100).toFixed(1) + "%"; }
    if (kind === "minutes") { return Number(value).toFixed(1); }
    return String(value);
  }

  function drawFigures(figures) {
    root.querySelectorAll("[data-figure]").forEach(function (node) {
      var key = node.getAttribute("data-figure");
      node.textContent = formatFigure(figures[key], node.getAttribute("data-format"));
    });
  }

  function drawAlerts(alerts) {
    // The list is a live region: redraw it only when it changes, so it is not re-read.
    var key = JSON.stringify(alerts);
    if (key === drawAlerts.last) { return; }
    drawAlerts.last = key;
    if (!alerts.length) {
      replace("[data-alerts]", [el("p", "alert-none", "✓ 暂无预警，大厅运行正常")]);
      return;
    }
    var list = el("ul", "alerts");
    alerts.forEach(function (a) {
      add(list, [add(el("li", "alert " + a.level), [
        el("span", "alert-tag", a.level === "red" ? "紧急" : "提醒"), a.text])]);
    });
    replace("[data-alerts]", [list]);
  }

  function windowNow(w) {
    var box = el("div", "win-now");
    if (w.current) {
      add(box, [el("strong", "", w.current.number),
        " " + w.current.status_label + " " + w.current.minutes + "分钟"]);
    } else if (w.status === "paused") {
      box.textContent = "已暂停 " + w.paused_minutes + "分钟";
    } else if (w.status === "open") {
      box.textContent = "空闲 " + w.idle_minutes + "分钟" + (w.waiting ? "，" + w.waiting + "人可叫" : "");
    } else {
      box.textContent = "未开放";
    }
    return box;
  }

  function windowCard(w) {
    var card = el("li", "win " + w.status + (w.alert ? " alerting" : ""));
    card.setAttribute("data-window", w.no);
    if (w.alert) { card.title = w.alert; }
    add(card, [
      add(el("div", "win-top"), [el("span", "win-no", w.no), el("span", "win-name", w.name),
        el("span", "win-status " + w.status, w.status_label)]),
      windowNow(w),
      add(el("div", "win-meta"), [
        el("span", "", (w.staff || "未安排人员") + (w.post ? "（" + w.post + "）" : "")),
        el("span", "", "今日办结 " + w.served)])]);
    if (w.alert) {
      card.appendChild(el("div", "win-alert", "⚠ " + (w.status === "paused" ? "暂停超时" : "空闲超时，有人等候")));
    }
    return card;
  }

  function drawWindows(windows, counts) {
    replace("[data-windows]", windows.map(windowCard));
    $("[data-window-counts]").textContent =
      "开放 " + counts.open + " · 暂停 " + counts.paused + " · 关闭 " + counts.closed;
  }

  function lineRow(l) {
    var row = el("tr", l.alert ? "late" : "");
    var name = add(el("th"), [el("span", "prefix", l.prefix), l.name]);
    name.scope = "row";
    var longest = el("td", "num", l.longest_wait_minutes === null ? "—" : l.longest_wait_minutes + " 分钟");
    if (l.alert) { add(longest, [" ", tag("red", "超时")]); }
    return add(row, [name, add(el("td", "num"), [el("strong", "", l.waiting), " 人"]), longest,
      el("td", "num", l.open_windows)]);
  }

  function emptyRow(text, cls, span) {
    var cell = el("td", cls, text);
    cell.colSpan = span || 4;
    return add(el("tr"), [cell]);
  }

  function drawLines(lines) {
    replace("[data-lines]", lines.length ? lines.map(lineRow) : [emptyRow("尚未设置排队类别", "muted")]);
  }

  function caseLink(url, text) {
    var a = link(url, text);
    a.className = "case-no";
    return a;
  }

  function caseRow(c) {
    var warning = add(el("td"), [tag(c.warning === "red" ? "red" : "amber", c.warning_label)]);
    if (c.escalated) { add(warning, [" ", tag("red", "超法定时限")]); }
    var base = root.getAttribute("data-case-url");
    var url = base && base.replace("__NO__", encodeURIComponent(c.case_no));
    return add(el("tr", c.warning), [warning,
      add(el("td"), [caseLink(url, c.case_no), sub(c.item + " · " + c.applicant)]),
      add(el("td", "nowrap"), [el("strong", "", c.remaining), sub((c.due_date || "期限待定") +
        (c.window ? " · " + c.window + "号窗口" : "") + (c.paused ? " · 暂停计时" : ""))])]);
  }

  function moreRow(total, shown, text, span) {
    return total > shown ? [emptyRow(text, "muted", span)] : [];
  }

  function drawCases(cases) {
    var rows = cases.list.length ? cases.list.map(caseRow) : [emptyRow("✓ 没有红黄牌办件", "ok-row", 3)];
    replace("[data-cases]", rows.concat(moreRow(cases.total, cases.list.length,
      "共 " + cases.total + " 件，显示最紧急的 " + cases.list.length + " 件", 3)));
    $("[data-case-counts]").textContent =
      "已超期 " + cases.counts.red + " 件 · 即将到期 " + cases.counts.yellow + " 件";
  }

  function dueCell(day, late) {
    var cell = el("td", "nowrap", day || "待定");
    if (late) { add(cell, [" ", tag("red", "已超期")]); }
    return cell;
  }

  function followUpRow(f) {
    var row = el("tr", f.overdue ? "late" : "");
    row.setAttribute("data-follow-up", f.id);
    var base = root.getAttribute("data-followups-url");
    var url = base && base + "#f" + f.id;
    return add(row, [
      add(el("td"), [link(url, f.level_label + "（" + f.level + " 分）"),
        sub(f.status_label + (f.reasons.length ? " · " + f.reasons.join("、") : ""))]),
      add(el("td", "nowrap", f.window ? f.window + "号" : "—"), [sub(f.staff || "")]),
      dueCell(f.callback_due, f.callback_overdue), dueCell(f.fix_due, f.fix_overdue)]);
  }

  function drawFollowUps(fu) {
    var rows = fu.list.length ? fu.list.map(followUpRow) : [emptyRow("✓ 没有待处理的差评", "ok-row")];
    replace("[data-follow-ups]", rows.concat(moreRow(fu.total, fu.list.length,
      "共 " + fu.total + " 条，显示 " + fu.list.length + " 条")));
    $("[data-follow-up-counts]").textContent = "待处理 " + fu.total + " 条 · 超期 " + fu.overdue + " 条";
  }

  function drawCalendar(cal) {
    if (!cal.missing_years.length) {
      var last = cal.loaded_years[cal.loaded_years.length - 1];
      replace("[data-calendar]", [el("p", "ok-row", "✓ 节假日安排已录入至 " + last + " 年")]);
      return;
    }
    var list = el("ul", "cal-missing");
    cal.missing_years.forEach(function (year) {
      var n = cal.cases_waiting[year] || 0, m = cal.follow_ups_waiting[year] || 0;
      var item = add(el("li"), [tag("red", "未录入"), " ", el("strong", "", year + "年"), "节假日安排" +
        (n || m ? "：" + n + " 件办件期限暂定、" + m + " 条回访期限待定" : "") + " "]);
      var importUrl = root.getAttribute("data-calendar-url");
      if (importUrl) { item.appendChild(link(importUrl, "去导入")); }
      list.appendChild(item);
    });
    replace("[data-calendar]", [list]);
  }

  // --- the chart: the geometry comes computed from the server (hall/dashboard/chart.py) ------

  var SVG = "http://www.w3.org/2000/svg";

  function shape(tagName, attrs, text) {
    var node = document.createElementNS(SVG, tagName);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = String(text); }
    return node;
  }

  function drawChart(c) {
    var svg = shape("svg", { "class": "chart", viewBox: "0 0 " + c.width + " " + c.height, role: "img",
      "aria-label": "今日 8:00 至 18:00 每小时取号与办结数量" });
    c.ticks.forEach(function (t) {
      svg.appendChild(shape("line", { "class": "grid", x1: c.left, x2: c.right, y1: t.y, y2: t.y }));
      svg.appendChild(shape("text", { "class": "tick", x: c.left - 8, y: t.y + 5 }, t.text));
    });
    c.bars.forEach(function (b) {
      var bar = shape("rect", { "class": "bar " + b.series, x: b.x, y: b.y, width: b.width, height: b.height });
      bar.appendChild(shape("title", {}, b.title));
      svg.appendChild(bar);
      if (b.value) { svg.appendChild(shape("text", { "class": "val", x: b.text_x, y: b.text_y }, b.value)); }
    });
    c.labels.forEach(function (l) { svg.appendChild(shape("text", { "class": "hour", x: l.x, y: l.y }, l.text)); });
    replace("[data-chart]", [svg]);
  }

  function draw(snap) {
    drawFigures(snap.figures);
    drawAlerts(snap.alerts);
    drawWindows(snap.windows, snap.window_counts);
    drawLines(snap.lines);
    drawChart(snap.chart);
    drawCases(snap.cases);
    drawFollowUps(snap.follow_ups);
    drawCalendar(snap.calendar);
    $("[data-updated]").textContent = snap.generated_at.slice(11, 19);
  }

  window.HallDashboard = {
    draw: function (node, snap) { root = node; draw(snap); }
  };
})();
