;;; emacs_test.el --- pol-mode in a batch Emacs (tests/cli/test_emacs.sh)  -*- lexical-binding: t; -*-

;; Run as `emacs --batch -Q -L editors/emacs -l emacs_test.el' with POLC (the
;; polc to run), POL_FILE (a policy with mistakes), POL_FLAT and POL_INDENTED
;; (a file to indent and where to write it) and EMACS_OUT (the results, one
;; line each) in the environment.

(require 'pol-mode)
(require 'flymake)

(defvar pol-test-lines nil "The result lines, last first.")

(defun pol-test-say (fmt &rest args)
  "Record a result line FMT with ARGS."
  (push (apply #'format fmt args) pol-test-lines))

(defun pol-test-wait-diagnostics (backend seconds)
  "Diagnostics of BACKEND in the current buffer, waiting up to SECONDS."
  (let ((deadline (+ (float-time) seconds)) found)
    (while (and (not found) (< (float-time) deadline))
      ;; a new start would cancel a slow check (polc under ASan)
      (unless (memq backend (flymake-running-backends))
        (flymake-start))
      (accept-process-output nil 0.2)
      (setq found (seq-filter (lambda (d) (eq (flymake-diagnostic-backend d) backend))
                              (flymake-diagnostics))))
    (sort found (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))

(defun pol-test-report (name diagnostics)
  "Record DIAGNOSTICS under NAME: the count, then each line:column (characters)."
  (pol-test-say "%s %d" name (length diagnostics))
  (dolist (d diagnostics)
    (save-excursion
      (goto-char (flymake-diagnostic-beg d))
      (pol-test-say "%s %d:%d %s %s" name (line-number-at-pos)
                    (1+ (- (point) (line-beginning-position)))
                    (flymake-diagnostic-type d) (flymake-diagnostic-text d)))))

(setq pol-polc-program (getenv "POLC"))

;; The Flymake backend alone.
(with-current-buffer (find-file-noselect (getenv "POL_FILE"))
  (pol-test-say "mode %s" major-mode)
  (setq-local flymake-diagnostic-functions '(pol-flymake))
  (flymake-mode 1)
  (pol-test-report "flymake" (pol-test-wait-diagnostics 'pol-flymake 20))
  (flymake-mode -1)
  (kill-buffer))

;; Indentation: each line where polc fmt puts it.
(with-current-buffer (find-file-noselect (getenv "POL_FLAT"))
  (indent-region (point-min) (point-max))
  (write-region (point-min) (point-max) (getenv "POL_INDENTED") nil 'silent)
  (kill-buffer))

;; eglot on `polc lsp' (Emacs 29, or the elpa-eglot package).
;; Debian's elpa-eglot (and the project, xref it needs) outside package.el.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir t))
(if (not (require 'eglot nil t))
    (pol-test-say "eglot missing")
  (with-current-buffer (find-file-noselect (getenv "POL_FILE"))
    (setq-local flymake-diagnostic-functions nil)
    (apply #'eglot (eglot--guess-contact))
    (pol-test-say "eglot %s" (if (eglot-current-server) "started" "not started"))
    (pol-test-report "eglot" (pol-test-wait-diagnostics 'eglot-flymake-backend 20))
    (ignore-errors (eglot-shutdown (eglot-current-server)))))

(with-temp-file (getenv "EMACS_OUT")
  (dolist (line (reverse pol-test-lines))
    (insert line "\n")))
;;; emacs_test.el ends here
