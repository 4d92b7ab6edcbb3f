-- Driven by tests/scripts/neovim.sh: attach `rolelint server` to a roles
-- file in a real Neovim (0.7 API: start_client + buf_attach_client), read
-- the diagnostics back, apply the quick fix through Neovim's own
-- workspace-edit code, save, and see the diagnostics clear.
local out = {}
local function say(line) table.insert(out, line) end
local function finish(code)
  vim.fn.writefile(out, vim.env.RESULT)
  vim.cmd((code == 0) and 'qall!' or 'cquit! ' .. code)
end

local file = vim.env.ROLES_FILE
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'rolelint',
  cmd = { vim.env.ROLELINT, 'server' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
})
if not client_id then say('FAIL: the client did not start'); return finish(1) end
vim.lsp.buf_attach_client(bufnr, client_id)

local function codes()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(found, string.format('%s@%d:%d', d.code or lsp.code or '?', d.lnum, d.col))
  end
  table.sort(found)
  return table.concat(found, ' ')
end

if not vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20) then
  say('FAIL: no diagnostics arrived'); return finish(1)
end
say('diagnostics: ' .. codes())

-- The quick fix on the typo's line.
local typo = vim.fn.search('succes_metrics') - 1
local params = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = { start = { line = typo, character = 0 }, ['end'] = { line = typo, character = 0 } },
  context = { diagnostics = {} },
}
local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000) or {}
local chosen, titles = nil, {}
for _, response in pairs(responses) do
  for _, action in ipairs(response.result or {}) do
    table.insert(titles, action.title)
    if action.isPreferred and action.edit then chosen = action end
  end
end
say('actions: ' .. table.concat(titles, ' | '))
if not chosen then say('FAIL: no preferred quick fix offered'); return finish(1) end
vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
vim.cmd('write')

if not vim.wait(15000, function()
  return not codes():find('schema@')
end, 20) then
  say('FAIL: the schema finding did not clear: ' .. codes()); return finish(1)
end
say('after fix: ' .. codes())
vim.lsp.stop_client(client_id)
vim.wait(5000, function() return vim.lsp.client_is_stopped(client_id) end, 20)
finish(0)
