-- Issue 14: filled when this part is built.
select 1;
