;;; pol-mode.el --- major mode for .pol policies (polc)  -*- lexical-binding: t; -*-

;;; Commentary:
;; Colours the .pol language of polc (language.md), runs `polc check' with
;; M-x compile (its diagnostics are GCC's form, which compilation-mode
;; reads), and `pol-format-buffer' (C-c C-f) rewrites the file in the
;; canonical layout with `polc fmt'.  The keywords are the lexer's
;; (lang/lexer.l); tests/cli/test_editors.sh checks that every one is here.
;;
;;   (add-to-list 'load-path "/path/to/polc/editors/emacs")
;;   (require 'pol-mode)

;;; Code:

(defgroup pol nil "Editing .pol policies." :group 'languages)

(defcustom pol-polc-program "polc"
  "The polc program."
  :type 'string :group 'pol)

(defconst pol-keywords
  '("policy" "import" "kind" "input" "let" "eligible" "rule" "test" "indicator"
    "document" "issuer" "note" "effective" "to" "family" "default" "signed"
    "group" "per" "year" "years" "for" "paid" "over" "discretionary" "external" "obligation"
    "award" "cap" "of" "ladder" "topup" "brackets" "when"
    "given" "expect" "with" "baseline" "target" "where"
    "and" "or" "not" "if" "then" "else")
  "Reserved words of the .pol language.")

(defconst pol-font-lock-keywords
  `((,(regexp-opt pol-keywords 'words) . font-lock-keyword-face)
    (,(regexp-opt '("true" "false") 'words) . font-lock-constant-face)
    (,(regexp-opt '("money" "percent" "number" "count" "bool" "date" "text") 'words)
     . font-lock-type-face)
    (,(regexp-opt '("min" "max" "years_between" "sum" "avg" "share" "as_of" "unmeasured")
                  'words)
     . font-lock-builtin-face)
    ("\\<[0-9]\\{4\\}-[0-9]\\{1,2\\}-[0-9]\\{1,2\\}\\>" . font-lock-constant-face)
    ("\\<[0-9]+\\(?:\\.[0-9]+\\)?\\(?:万元\\|亿元\\|元\\|万\\|亿\\|%\\)" . font-lock-constant-face))
  "Highlighting for `pol-mode'.")

(defvar pol-mode-syntax-table
  (let ((table (make-syntax-table)))
    (modify-syntax-entry ?# "<" table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?_ "_" table)
    table)
  "Syntax table for `pol-mode'.")

(defun pol-format-buffer ()
  "Save the buffer, rewrite its file with `polc fmt', and revert."
  (interactive)
  (save-buffer)
  (let ((status (call-process pol-polc-program nil "*polc fmt*" nil "fmt" (buffer-file-name))))
    (if (eq status 0)
        (revert-buffer t t t)
      (display-buffer "*polc fmt*"))))

(defvar pol-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "C-c C-f") #'pol-format-buffer)
    map)
  "Keys of `pol-mode'.")

;;;###autoload
(define-derived-mode pol-mode prog-mode "Pol"
  "Major mode for .pol policies."
  (setq-local comment-start "# ")
  (setq-local comment-end "")
  (setq-local indent-tabs-mode nil)
  (setq-local tab-width 2)
  (setq-local font-lock-defaults '(pol-font-lock-keywords))
  (setq-local compile-command
              (concat pol-polc-program " check --color never "
                      (shell-quote-argument (or buffer-file-name "")))))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.pol\\'" . pol-mode))

;; The language server: M-x eglot in a .pol buffer starts `polc lsp'.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(pol-mode . ("polc" "lsp"))))

(provide 'pol-mode)
;;; pol-mode.el ends here
