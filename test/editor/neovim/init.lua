-- A minimal Neovim config (0.7 or later) that runs Flask Practices as a language server on
-- Python files, the way the README's Neovim section does. 0.7 has no vim.lsp.start (0.8), so
-- it starts the client itself and attaches each Python buffer to it.
--
--   nvim -u test/editor/neovim/init.lua app.py
--
-- FLASK_PRACTICES_CLI: the server's bin (default: `flask-practices` on PATH; a .js path runs with node).
-- FLASK_PRACTICES_NO_RESOLVE=1: do not advertise codeAction/resolve (the server then inlines edits).

local cli = os.getenv('FLASK_PRACTICES_CLI') or 'flask-practices'
local cmd = cli:match('%.js$') and { 'node', cli, 'server', '--stdio' } or { cli, 'server', '--stdio' }

local capabilities = vim.lsp.protocol.make_client_capabilities()
if os.getenv('FLASK_PRACTICES_NO_RESOLVE') == '1' then
  capabilities.textDocument.codeAction.resolveSupport = nil
end

local client_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'python',
  callback = function(args)
    client_id = client_id or vim.lsp.start_client({
      name = 'flask-practices',
      cmd = cmd,
      root_dir = vim.fn.getcwd(),
      capabilities = capabilities,
      -- Check on every change at once (the default waits 200 ms after the last keystroke).
      init_options = { settings = { debounceMs = 0 } },
    })
    vim.lsp.buf_attach_client(args.buf, client_id)
  end,
})
