-- The Neovim test's steps, run with `-c 'luafile scenario.lua'` after init.lua opened the
-- fixture. Writes what it saw as JSON to $FLASK_PRACTICES_NVIM_RESULT; the node:test file
-- (test/editor/neovim.test.ts) checks it. Every wait is vim.wait on a condition with a deadline.

local DEADLINE_MS = 15000
local result = { steps = {} }

local function now_ms()
  return vim.loop.hrtime() / 1e6
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function diagnostics()
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(list, { code = code_of(d), lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, source = d.source, message = d.message })
  end
  table.sort(list, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and tostring(a.code) < tostring(b.code)) end)
  return list
end

local function codes()
  local list = {}
  for _, d in ipairs(diagnostics()) do table.insert(list, d.code .. '@' .. (d.lnum + 1)) end
  return table.concat(list, ',')
end

local function wait_for(what, condition)
  if not vim.wait(DEADLINE_MS, condition, 10) then
    error(string.format('waited %d ms for %s; diagnostics now: %s', DEADLINE_MS, what, codes()))
  end
end

local function step(name, data)
  data.name = name
  table.insert(result.steps, data)
end

local function lines()
  return vim.api.nvim_buf_get_lines(0, 0, -1, false)
end

local function first(code)
  for _, d in ipairs(diagnostics()) do
    if d.code == code then return d end
  end
end

local function run()
  -- 1. The first diagnostics after opening the file.
  local opened = now_ms()
  wait_for('FLK101 and FLK501', function() return first('FLK101') ~= nil and first('FLK501') ~= nil end)
  step('opened', { ms = now_ms() - opened, diagnostics = diagnostics() })

  -- 2. Quick fixes at FLK501, as `vim.lsp.buf.code_action()` asks for them.
  local target = first('FLK501')
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, target.lnum), only = { 'quickfix' } }
  local responses = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, DEADLINE_MS)
  local actions, titles = {}, {}
  for _, response in pairs(responses or {}) do
    if response.err then error('codeAction failed: ' .. vim.inspect(response.err)) end
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action)
      table.insert(titles, action.title)
    end
  end
  -- The rule's own fix: not "Disable ...", "Fix all safe ..." or "Show documentation ...".
  local fix
  for _, action in ipairs(actions) do
    local title = action.title
    if not fix and not title:match('^Disable ') and not title:match('^Fix all ') and not title:match('^Show documentation') then fix = action end
  end
  if not fix then error('no FLK501 fix among: ' .. table.concat(titles, ' | ')) end
  local inlined = fix.edit ~= nil
  if not fix.edit then
    -- Lazily computed: the client resolves the action for its edit.
    local resolved = vim.lsp.buf_request_sync(0, 'codeAction/resolve', fix, DEADLINE_MS)
    for _, response in pairs(resolved or {}) do
      if response.err then error('codeAction/resolve failed: ' .. vim.inspect(response.err)) end
      fix = response.result or fix
    end
  end
  if not fix.edit then error('the fix has no edit after resolve') end
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  wait_for('FLK501 to go', function() return first('FLK501') == nil end)
  step('fixed', { titles = titles, title = fix.title, inlined = inlined, lines = lines(), diagnostics = diagnostics() })

  -- 3. Typing a hard-coded secret key under the app line: a new finding, then gone again.
  local app_line = first('FLK101').lnum
  vim.api.nvim_buf_set_lines(0, app_line + 1, app_line + 1, false, { 'app.config["SECRET_KEY"] = "dev-secret-123"' })
  wait_for('FLK503 after the edit', function() return first('FLK503') ~= nil end)
  step('edited', { diagnostics = diagnostics() })
  vim.api.nvim_buf_set_lines(0, app_line + 1, app_line + 2, false, {})
  wait_for('FLK503 to go after the undo', function() return first('FLK503') == nil end)
  step('reverted', { diagnostics = diagnostics() })

  -- 4. A context diagnostic without a range (0.7 can send one): the server must answer, not crash.
  local bare = vim.lsp.util.make_range_params()
  bare.context = { diagnostics = { { code = 'FLK101', message = 'no range' } } }
  local answers = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', bare, DEADLINE_MS)
  local answered, errored = false, nil
  for _, response in pairs(answers or {}) do
    answered = true
    errored = response.err and vim.inspect(response.err) or errored
  end
  step('range-less', { answered = answered, error = errored, clients = #vim.lsp.get_active_clients() })
end

local ok, err = pcall(run)
result.ok = ok
if not ok then result.error = tostring(err) end
local file = assert(io.open(assert(os.getenv('FLASK_PRACTICES_NVIM_RESULT')), 'w'))
file:write(vim.fn.json_encode(result))
file:close()
vim.cmd('qa!')
