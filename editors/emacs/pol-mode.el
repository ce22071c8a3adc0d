;;; pol-mode.el --- major mode for .pol policies (polc)  -*- lexical-binding: t; -*-

;;; Commentary:
;; Colours the .pol language of polc (language.md), runs `polc check' with
;; M-x compile (its diagnostics are GCC's form, which compilation-mode
;; reads), and `pol-format-buffer' (C-c C-f) rewrites the file in the
;; canonical layout with `polc fmt'.  TAB indents as `polc fmt' lays out;
;; M-x flymake-mode checks the buffer as you type (`polc check --format
;; json'); M-x eglot starts `polc lsp'.  The keywords are the lexer's
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
    "group" "per" "year" "years" "for" "paid" "over" "discretionary" "external" "obligation" "article" "reason"
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

;;; Indentation: the layout of `polc fmt' (lang/format.h).  A declaration
;; starts at column 0, its clauses at 2, any other continued line at 4; in a
;; test's { } given/expect stand at 2 and their continuations at 8; in a
;; ladder's or brackets' { } the lines stand 2 past the `}', which is at 4
;; (or the `{' line's own indentation when deeper).  Each line's indentation
;; follows from the lines above it, walked from the top as polc fmt does.

(defconst pol--declarations
  '("policy" "import" "input" "let" "eligible" "rule" "test" "indicator")
  "Words that start a declaration (and `kind', outside a rule's attributes).")

(defconst pol--clauses
  '(("policy" "document" "issuer" "note" "effective" "family")
    ("indicator" "baseline" "target"))
  "For each declaration, the words that start one of its clauses at 2.")

(defconst pol--rule-attributes
  '("kind" "group" "per" "for" "paid" "discretionary" "external" "obligation" "note" "article")
  "A rule's clauses before its first award.")

(defun pol--new-layout ()
  "The layout state at the top of a file: (DECL AWARDED BRACES).
BRACES is a list of (INDENT . TEST-P), the innermost first."
  (list nil nil nil))

(defun pol--declaration-p (layout word)
  "Whether WORD starts a declaration in LAYOUT."
  (or (member word pol--declarations)
      (and (equal word "kind")
           (or (not (equal (nth 0 layout) "rule")) (nth 1 layout)))))

(defun pol--clause-p (layout word)
  "Whether WORD starts a clause of LAYOUT's declaration."
  (let ((decl (nth 0 layout)))
    (if (equal decl "rule")
        (or (equal word "award")
            (and (not (nth 1 layout)) (member word pol--rule-attributes)))
      (member word (cdr (assoc decl pol--clauses))))))

(defun pol--line-indent (layout token)
  "Indentation of a line whose first token is TOKEN, in LAYOUT."
  (let ((brace (car (nth 2 layout))))
    (cond (brace
           (cond ((equal token "}") (car brace))
                 ((not (cdr brace)) (+ (car brace) 2))
                 ((member token '("given" "expect")) (+ (car brace) 2))
                 (t (+ (car brace) 8))))
          ((null token) 0)              ; comments after the last code
          ((pol--declaration-p layout token) 0)
          ((pol--clause-p layout token) 2)
          (t 4))))

(defun pol--step (layout token indent)
  "LAYOUT after TOKEN, on a line indented INDENT."
  (let ((decl (nth 0 layout)) (awarded (nth 1 layout)) (braces (nth 2 layout)))
    (cond ((and (null braces) (pol--declaration-p layout token))
           (setq decl token awarded nil))
          ((and (null braces) (equal decl "rule") (equal token "award"))
           (setq awarded t)))
    (cond ((equal token "{")
           (let ((test (and (null braces) (equal decl "test"))))
             (push (cons (cond (test 0) ((> indent 4) indent) (t 4)) test) braces)))
          ((and (equal token "}") braces)
           (pop braces)))
    (list decl awarded braces)))

(defconst pol--token-regexp
  "\"\\(?:[^\"\\\\\n]\\|\\\\.\\)*\"?\\|#.*\\|[[:alnum:]_]+\\|[^[:space:]]"
  "A string, a comment, a word or any other character.")

(defun pol--line-tokens ()
  "The tokens of the line at point, comments left out."
  (save-excursion
    (let ((end (line-end-position)) tokens)
      (beginning-of-line)
      (while (re-search-forward pol--token-regexp end t)
        (let ((text (match-string-no-properties 0)))
          (unless (string-prefix-p "#" text)
            (push text tokens))))
      (nreverse tokens))))

(defun pol--first-code-token ()
  "The first token of the first line from point on that holds code."
  (save-excursion
    (let (found)
      (while (and (not found) (not (eobp)))
        (setq found (car (pol--line-tokens)))
        (forward-line 1))
      found)))

(defun pol-calculate-indentation ()
  "The column `polc fmt' puts the current line at."
  (let ((target (line-beginning-position)) (layout (pol--new-layout)))
    (save-excursion
      (goto-char (point-min))
      (while (< (point) target)
        (let* ((tokens (pol--line-tokens))
               (indent (and tokens (pol--line-indent layout (car tokens)))))
          (dolist (token tokens)
            (setq layout (pol--step layout token indent))))
        (forward-line 1))
      ;; a comment line is indented like the code below it
      (pol--line-indent layout (pol--first-code-token)))))

(defun pol-indent-line ()
  "Indent the current line as `polc fmt' would."
  (interactive)
  (let ((column (pol-calculate-indentation))
        (offset (- (current-column) (current-indentation))))
    (indent-line-to column)
    (when (> offset 0)
      (move-to-column (+ column offset)))))

;;; Flymake: `polc check --format json' on the buffer's text, saved or not.

(defvar-local pol--flymake-process nil
  "The `polc check' run of the buffer's last Flymake check.")

(defun pol--flymake-position (buffer line column)
  "The position in BUFFER of LINE and character COLUMN (both from 1)."
  (with-current-buffer buffer
    (save-excursion
      (save-restriction
        (widen)
        (goto-char (point-min))
        (forward-line (1- line))
        (min (line-end-position) (+ (point) (max 0 (1- column))))))))

(defun pol--flymake-diagnostics (buffer file json)
  "The Flymake diagnostics of BUFFER in JSON, the output on FILE."
  (let (diagnostics)
    (dolist (d (append (json-parse-string json :object-type 'alist :null-object nil) nil))
      (when (equal (alist-get 'file d) file)
        (let* ((beg (pol--flymake-position buffer (alist-get 'line d) (alist-get 'column d)))
               (end (pol--flymake-position buffer (alist-get 'end_line d) (alist-get 'end d)))
               (hint (alist-get 'hint d)))
          (push (flymake-make-diagnostic
                 buffer beg (if (> end beg) end (1+ beg))
                 (if (equal (alist-get 'severity d) "error") :error :warning)
                 (concat (alist-get 'message d) (if hint (concat " (hint: " hint ")") "")))
                diagnostics))))
    (nreverse diagnostics)))

(defun pol-flymake (report-fn &rest _args)
  "Flymake backend: `polc check' on a copy of the buffer, REPORT-FN told."
  (when (process-live-p pol--flymake-process)
    (kill-process pol--flymake-process))
  (let* ((buffer (current-buffer))
         (file (make-temp-file "pol-flymake" nil ".pol"))
         (root (and buffer-file-name (file-name-directory buffer-file-name)))
         (output (generate-new-buffer " *pol-flymake*")))
    (save-restriction
      (widen)
      (write-region (point-min) (point-max) file nil 'silent))
    (setq pol--flymake-process
          (make-process
           :name "pol-flymake" :buffer output :noquery t :connection-type 'pipe
           :stderr (get-buffer-create " *pol-flymake-stderr*")
           :command (append (list pol-polc-program "check" "--format" "json"
                                  "--column-unit" "char" "--color" "never")
                            (and root (list "--root" root))
                            (list file))
           :sentinel
           (lambda (process _event)
             (unless (process-live-p process)
               (unwind-protect
                   (when (and (buffer-live-p buffer)
                              (eq process (buffer-local-value 'pol--flymake-process buffer)))
                     (let ((json (with-current-buffer output (buffer-string))))
                       (if (memq (process-exit-status process) '(0 1))
                           (funcall report-fn (pol--flymake-diagnostics buffer file json))
                         (funcall report-fn :panic :explanation
                                  (format "polc check exited %d"
                                          (process-exit-status process))))))
                 (delete-file file)
                 (kill-buffer output))))))))

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
  (setq-local indent-line-function #'pol-indent-line)
  (add-hook 'flymake-diagnostic-functions #'pol-flymake nil t)
  (setq-local compile-command
              (concat pol-polc-program " check --color never "
                      (shell-quote-argument (or buffer-file-name "")))))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.pol\\'" . pol-mode))

;; The language server: M-x eglot in a .pol buffer starts `polc lsp'.
(defvar eglot-server-programs)
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               (cons 'pol-mode (lambda (&rest _) (list pol-polc-program "lsp")))))

(provide 'pol-mode)
;;; pol-mode.el ends here
