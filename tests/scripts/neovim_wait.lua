-- Driven by tests/scripts/neovim.sh after the README's Neovim 0.7 snippet
-- was loaded as the only configuration: the file given on the command line
-- must get rolelint's diagnostics.
local bufnr = vim.api.nvim_get_current_buf()
local ok = vim.wait(15000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
local line = ok and ('readme snippet: ' .. #vim.diagnostic.get(bufnr) .. ' diagnostics') or 'FAIL: no diagnostics with the README snippet'
vim.fn.writefile({ line }, vim.env.RESULT)
vim.cmd(ok and 'qall!' or 'cquit! 1')
