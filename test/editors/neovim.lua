-- Drives the Topo language server from headless Neovim, as a Neovim user would configure it
-- (Debian's Neovim 0.7 predates vim.lsp.start, hence vim.lsp.start_client). Run by
-- test/editors/neovim.test.ts:
--   TOPO_SERVER=bin/topo-language-server.cjs TOPO_FILE=x.topo TOPO_OUT=out.json TOPO_HOVER=line,col \
--   nvim --headless --clean -n -c 'luafile test/editors/neovim.lua'
-- Writes TOPO_OUT: { diagnostics = [{ line, col, code, message }], hover = "..." } and quits.
local server, file, out = os.getenv('TOPO_SERVER'), os.getenv('TOPO_FILE'), os.getenv('TOPO_OUT')
local hover_line, hover_col = string.match(os.getenv('TOPO_HOVER') or '0,0', '(%d+),(%d+)')
local result = { diagnostics = {}, hover = vim.NIL, error = vim.NIL }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'topo'
  local client_id = vim.lsp.start_client({
    name = 'topo',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
  })
  assert(client_id, 'vim.lsp.start_client returned nil')
  vim.lsp.buf_attach_client(bufnr, client_id)
  -- bounded wait for the server's diagnostics
  vim.wait(60000, function() return #vim.diagnostic.get(bufnr) >= 3 end, 100)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(result.diagnostics, { line = d.lnum, col = d.col, code = code, severity = d.severity, message = d.message })
  end
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = tonumber(hover_line), character = tonumber(hover_col) },
  }, 20000)
  for _, r in pairs(responses or {}) do
    if r.result and r.result.contents then
      local c = r.result.contents
      result.hover = type(c) == 'table' and (c.value or vim.fn.json_encode(c)) or c
    end
  end
end)
if not ok then result.error = tostring(err) end
finish()
